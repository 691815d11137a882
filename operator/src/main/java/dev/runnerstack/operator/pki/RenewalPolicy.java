package dev.runnerstack.operator.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a stored CA or leaf certificate can stay, so that a routine reconcile never regenerates
 * certificates that are still fit for use.
 *
 * <p>Checks run in a fixed order and the first failing one decides: presence, parseability, the signing CA, the DNS
 * names, the usage, the key and finally the renewal window.
 */
public final class RenewalPolicy {

  /** Default renewal window: a certificate is renewed once it expires within 30 days. */
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);

  private final Clock clock;
  private final Duration renewBefore;

  /**
   * Creates a policy.
   *
   * @param clock source of "now"
   * @param renewBefore how long before notAfter a certificate is renewed, where zero renews only expired
   *     certificates
   */
  public RenewalPolicy(Clock clock, Duration renewBefore) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    Objects.requireNonNull(renewBefore, "renewBefore must not be null");
    if (renewBefore.isNegative()) {
      throw new IllegalArgumentException("renewBefore must not be negative, but is " + renewBefore + ".");
    }
    this.renewBefore = renewBefore;
  }

  /** Creates a policy with the {@link #DEFAULT_RENEW_BEFORE} window of 30 days. */
  public static RenewalPolicy withDefaults(Clock clock) {
    return new RenewalPolicy(clock, DEFAULT_RENEW_BEFORE);
  }

  /**
   * Decides what to do with a stored leaf certificate, given the current CA and the request it should satisfy.
   *
   * <p>An unparsable stored certificate or key yields {@link RenewalAction#REISSUE}. A CA that is not valid PEM
   * raises an exception instead, because {@link #decideAuthority} must replace it before any leaf is issued.
   *
   * @param existing the stored certificate, empty when none is stored
   * @throws InvalidPemException if a certificate is stored and {@code currentCa} does not contain a valid certificate
   */
  public RenewalDecision decide(
      Optional<IssuedCertificate> existing, CertificateAuthority currentCa, CertificateRequest request) {
    Objects.requireNonNull(existing, "existing must not be null. Pass Optional.empty() when nothing is stored.");
    Objects.requireNonNull(currentCa, "currentCa must not be null");
    Objects.requireNonNull(request, "request must not be null");
    if (existing.isEmpty()) {
      return new RenewalDecision(RenewalAction.CREATE, "certificate does not exist");
    }
    X509Certificate caCertificate = CertificateInspector.parseCertificate(currentCa.certificatePem());
    IssuedCertificate stored = existing.get();

    X509Certificate certificate;
    try {
      certificate = CertificateInspector.parseCertificate(stored.certificatePem());
    } catch (InvalidPemException e) {
      return reissue("stored certificate is invalid: " + e.getMessage());
    }
    if (!CertificateInspector.isSignedBy(certificate, caCertificate)) {
      return reissue("certificate was not signed by the current CA");
    }
    if (!bundlesCurrentCa(stored, caCertificate)) {
      return reissue("stored CA certificate differs from the current CA");
    }

    Set<String> actualNames;
    boolean hasUsage;
    try {
      actualNames = CertificateInspector.normalize(CertificateInspector.dnsNames(certificate));
      hasUsage = CertificateInspector.hasUsage(certificate, request.usage());
    } catch (InvalidPemException e) {
      return reissue("stored certificate has an invalid extension: " + e.getMessage());
    }
    Set<String> requestedNames = CertificateInspector.normalize(new LinkedHashSet<>(request.dnsNames()));
    if (!actualNames.equals(requestedNames)) {
      return reissue("DNS names changed: certificate has " + actualNames + ", request has " + requestedNames);
    }
    if (!hasUsage) {
      return reissue("certificate lacks the extended key usage for " + request.usage());
    }

    PrivateKey privateKey;
    try {
      privateKey = CertificateInspector.parsePrivateKey(stored.privateKeyPem());
    } catch (InvalidPemException e) {
      return reissue("stored private key is invalid: " + e.getMessage());
    }
    if (!keyMatchesSafely(privateKey, certificate)) {
      return reissue("private key does not match the certificate");
    }

    return decideByExpiry(certificate.getNotAfter().toInstant());
  }

  /**
   * Decides what to do with the stored CA. A renewed CA has a new key, so afterwards {@link #decide} returns
   * {@link RenewalAction#REISSUE} for every leaf signed by the old one.
   *
   * @param existing the stored CA, empty when none is stored
   */
  public RenewalDecision decideAuthority(Optional<CertificateAuthority> existing) {
    Objects.requireNonNull(existing, "existing must not be null. Pass Optional.empty() when nothing is stored.");
    if (existing.isEmpty()) {
      return new RenewalDecision(RenewalAction.CREATE, "CA does not exist");
    }
    CertificateAuthority stored = existing.get();

    X509Certificate certificate;
    PrivateKey privateKey;
    try {
      certificate = CertificateInspector.parseCertificate(stored.certificatePem());
    } catch (InvalidPemException e) {
      return reissue("stored CA certificate is invalid: " + e.getMessage());
    }
    try {
      privateKey = CertificateInspector.parsePrivateKey(stored.privateKeyPem());
    } catch (InvalidPemException e) {
      return reissue("stored CA private key is invalid: " + e.getMessage());
    }
    if (!CertificateInspector.isCertificateAuthority(certificate)) {
      return reissue("stored CA certificate is not a CA (BasicConstraints CA=false)");
    }
    if (!keyMatchesSafely(privateKey, certificate)) {
      return reissue("CA private key does not match the CA certificate");
    }

    return decideByExpiry(certificate.getNotAfter().toInstant());
  }

  private RenewalDecision decideByExpiry(Instant notAfter) {
    Instant now = clock.instant();
    if (!notAfter.isAfter(now)) {
      return new RenewalDecision(RenewalAction.RENEW, "certificate expired at " + notAfter);
    }
    if (!notAfter.minus(renewBefore).isAfter(now)) {
      return new RenewalDecision(RenewalAction.RENEW,
          "certificate expires at " + notAfter + " (within the " + describeWindow() + " renewal window)");
    }
    return new RenewalDecision(RenewalAction.KEEP, "certificate is valid until " + notAfter);
  }

  // Compares DER encodings, so a stored CA PEM that differs only in line breaks still counts as the same CA.
  private static boolean bundlesCurrentCa(IssuedCertificate stored, X509Certificate caCertificate) {
    try {
      X509Certificate bundled = CertificateInspector.parseCertificate(stored.caCertificatePem());
      return Arrays.equals(CertificateInspector.encoded(bundled), CertificateInspector.encoded(caCertificate));
    } catch (InvalidPemException e) {
      return false;
    }
  }

  // A key of an unsupported algorithm cannot have come from CertificateIssuer, so it counts as a mismatch.
  private static boolean keyMatchesSafely(PrivateKey privateKey, X509Certificate certificate) {
    try {
      return CertificateInspector.keyMatches(privateKey, certificate.getPublicKey());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String describeWindow() {
    if (renewBefore.toSeconds() % Duration.ofDays(1).toSeconds() == 0 && renewBefore.toNanosPart() == 0) {
      return renewBefore.toDays() + "-day";
    }
    return renewBefore.toString();
  }

  private static RenewalDecision reissue(String reason) {
    return new RenewalDecision(RenewalAction.REISSUE, reason);
  }
}
