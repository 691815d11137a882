package dev.runnerstack.operator.pki;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared clock, issuer and requests for the pki tests. */
final class PkiFixtures {

  /** A whole second, so it survives X.509's one-second time precision unchanged. */
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final SecureRandom RANDOM = new SecureRandom();

  static final CertificateRequest DIND_SERVER = new CertificateRequest("dind-server", "dind-server",
      List.of("dind.ci.svc", "dind.ci.svc.cluster.local", "localhost"), CertificateRequest.Usage.SERVER);
  static final CertificateRequest DIND_CLIENT = new CertificateRequest("dind-client", "runner",
      List.of(), CertificateRequest.Usage.CLIENT);

  private PkiFixtures() {
  }

  static CertificateIssuer issuer() {
    return CertificateIssuer.withDefaults(CLOCK);
  }

  static CertificateIssuer issuerAt(Instant now) {
    return CertificateIssuer.withDefaults(Clock.fixed(now, ZoneOffset.UTC));
  }

  static RenewalPolicy policyAt(Instant now) {
    return RenewalPolicy.withDefaults(Clock.fixed(now, ZoneOffset.UTC));
  }

  static Clock clockAfter(Duration elapsed) {
    return Clock.offset(CLOCK, elapsed);
  }
}
