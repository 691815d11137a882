package dev.runnerstack.operator.pki;

import java.time.Instant;
import java.util.Objects;

/**
 * Private CA of one runner stack: its self-signed certificate and its private key, as PEM text.
 *
 * <p>Keep it in a Secret that only the operator reads, because anyone with the key can issue certificates the
 * stack trusts. {@link #toString()} prints the subject and {@code notAfter} only, so logging the record does not
 * print the key.
 *
 * @param certificatePem the CA certificate ("CERTIFICATE" PEM block)
 * @param privateKeyPem the CA private key as PKCS#8 ("PRIVATE KEY" PEM block)
 * @param notAfter end of validity as written in the certificate
 */
public record CertificateAuthority(String certificatePem, String privateKeyPem, Instant notAfter) {

  /** Rejects null fields but does not parse the PEM, so that {@link RenewalPolicy} can judge a broken stored value. */
  public CertificateAuthority {
    Objects.requireNonNull(certificatePem, "certificatePem must not be null");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem must not be null");
    Objects.requireNonNull(notAfter, "notAfter must not be null");
  }

  /** Returns the subject and {@code notAfter}, leaving out the private key. */
  @Override
  public String toString() {
    return "CertificateAuthority[subject=" + CertificateInspector.describeSubject(certificatePem)
        + ", notAfter=" + notAfter + "]";
  }
}
