package dev.runnerstack.operator.pki;

import java.time.Instant;
import java.util.Objects;

/**
 * Leaf certificate with its private key and the CA certificate that signed it, all as PEM text.
 *
 * <p>{@link #toString()} prints the subject and validity only, so logging the record does not print the key.
 *
 * @param certificatePem the leaf certificate ("CERTIFICATE" PEM block)
 * @param privateKeyPem the leaf private key as PKCS#8 ("PRIVATE KEY" PEM block)
 * @param caCertificatePem the certificate of the CA that signed the leaf, for the peer's trust store
 * @param notBefore start of validity as written in the certificate
 * @param notAfter end of validity as written in the certificate
 */
public record IssuedCertificate(
    String certificatePem, String privateKeyPem, String caCertificatePem, Instant notBefore, Instant notAfter) {

  /** Rejects null fields but does not parse the PEM, so that {@link RenewalPolicy} can judge a broken stored value. */
  public IssuedCertificate {
    Objects.requireNonNull(certificatePem, "certificatePem must not be null");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem must not be null");
    Objects.requireNonNull(caCertificatePem, "caCertificatePem must not be null");
    Objects.requireNonNull(notBefore, "notBefore must not be null");
    Objects.requireNonNull(notAfter, "notAfter must not be null");
  }

  /** Returns the subject and validity, leaving out the private key. */
  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + CertificateInspector.describeSubject(certificatePem)
        + ", notBefore=" + notBefore + ", notAfter=" + notAfter + "]";
  }
}
