package dev.runnerstack.operator.pki;

/**
 * Thrown when PEM text is not the expected certificate or private key.
 *
 * <p>Messages name the PEM block and what is wrong with it but never quote the PEM content, so they are safe to log
 * even when the input was a private key.
 */
public class InvalidPemException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that must not contain key material. */
  public InvalidPemException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause. Pass a cause only for certificate input, because a parser's message could
   * echo part of a private key.
   */
  public InvalidPemException(String message, Throwable cause) {
    super(message, cause);
  }
}
