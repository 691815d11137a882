package dev.runnerstack.operator.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** Encodes DER bytes as PEM text and decodes exactly one PEM block of an expected type. */
final class PemCodec {

  static final String CERTIFICATE = "CERTIFICATE";
  static final String PRIVATE_KEY = "PRIVATE KEY";

  private PemCodec() {
  }

  /** Encodes DER bytes as one PEM block with the given type, such as {@code "CERTIFICATE"}. */
  static String encode(String type, byte[] der) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      // A StringWriter does not throw, so this only happens if BouncyCastle's encoder fails.
      throw new UncheckedIOException("Failed to encode a " + type + " PEM block.", e);
    }
    return text.toString();
  }

  /**
   * Decodes the single PEM block in {@code pem} and returns its DER content.
   *
   * @param description what the PEM should be, such as "certificate PEM", used at the start of error messages
   * @throws InvalidPemException if there is no block, more than one, a block of another type, or broken Base64.
   *     The message never contains the PEM content.
   */
  static byte[] decode(String pem, String expectedType, String description) {
    if (pem == null || pem.isBlank()) {
      throw new InvalidPemException(description + " is empty. Expected one '-----BEGIN " + expectedType
          + "-----' block.");
    }
    PemObject first;
    PemObject second;
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      first = reader.readPemObject();
      second = first == null ? null : reader.readPemObject();
    } catch (IOException | DecoderException e) {
      // The cause is dropped on purpose: BouncyCastle's message may quote lines of the input, which can be a key.
      throw new InvalidPemException(description + " is not valid PEM (" + e.getClass().getSimpleName()
          + "). Expected one '-----BEGIN " + expectedType
          + "-----' block with Base64 content and a matching END line.");
    }
    if (first == null) {
      throw new InvalidPemException(description + " contains no PEM block. Expected one '-----BEGIN "
          + expectedType + "-----' block.");
    }
    if (!expectedType.equals(first.getType())) {
      throw new InvalidPemException(description + " contains a '" + first.getType() + "' block. Expected a '"
          + expectedType + "' block.");
    }
    if (second != null) {
      throw new InvalidPemException(description + " contains more than one PEM block. Expected exactly one '"
          + expectedType + "' block.");
    }
    if (first.getContent().length == 0) {
      throw new InvalidPemException(description + " contains an empty '" + expectedType + "' block.");
    }
    return first.getContent();
  }
}
