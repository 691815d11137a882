package dev.runnerstack.operator.pki;

import static dev.runnerstack.operator.pki.PkiFixtures.DIND_CLIENT;
import static dev.runnerstack.operator.pki.PkiFixtures.DIND_SERVER;
import static dev.runnerstack.operator.pki.PkiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {

  private final CertificateIssuer issuer = PkiFixtures.issuer();
  private final RenewalPolicy policy = PkiFixtures.policyAt(NOW);
  private final CertificateAuthority ca = issuer.createAuthority("runnerstack ci CA");
  private final IssuedCertificate serverLeaf = issuer.issue(ca, DIND_SERVER);

  @Test
  void decideCreatesMissingCertificate() {
    RenewalDecision decision = policy.decide(Optional.empty(), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.CREATE);
    assertThat(decision.reason()).isEqualTo("certificate does not exist");
  }

  @Test
  void decideKeepsFreshCertificate() {
    RenewalDecision decision = policy.decide(Optional.of(serverLeaf), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.KEEP);
    assertThat(decision.requiresIssue()).isFalse();
  }

  @Test
  void decideKeepsClientCertificateWithoutDnsNames() {
    IssuedCertificate clientLeaf = issuer.issue(ca, DIND_CLIENT);

    RenewalDecision decision = policy.decide(Optional.of(clientLeaf), ca, DIND_CLIENT);

    assertThat(decision.action()).isEqualTo(RenewalAction.KEEP);
  }

  @Test
  void decideRenewsInsideWindow() {
    Instant tenDaysBeforeExpiry = serverLeaf.notAfter().minus(Duration.ofDays(10));

    RenewalDecision decision = PkiFixtures.policyAt(tenDaysBeforeExpiry).decide(Optional.of(serverLeaf), ca,
        DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.RENEW);
    assertThat(decision.reason())
        .isEqualTo("certificate expires at " + serverLeaf.notAfter() + " (within the 30-day renewal window)");
  }

  @Test
  void decideRenewsAtWindowStart() {
    Instant windowStart = serverLeaf.notAfter().minus(RenewalPolicy.DEFAULT_RENEW_BEFORE);

    RenewalDecision decision = PkiFixtures.policyAt(windowStart).decide(Optional.of(serverLeaf), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.RENEW);
  }

  @Test
  void decideKeepsJustBeforeWindow() {
    Instant beforeWindow = serverLeaf.notAfter().minus(RenewalPolicy.DEFAULT_RENEW_BEFORE).minusSeconds(1);

    RenewalDecision decision = PkiFixtures.policyAt(beforeWindow).decide(Optional.of(serverLeaf), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.KEEP);
  }

  @Test
  void decideRenewsExpiredCertificate() {
    Instant afterExpiry = serverLeaf.notAfter().plusSeconds(1);

    RenewalDecision decision = PkiFixtures.policyAt(afterExpiry).decide(Optional.of(serverLeaf), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.RENEW);
    assertThat(decision.reason()).isEqualTo("certificate expired at " + serverLeaf.notAfter());
  }

  @Test
  void decideUsesCustomWindowInReason() {
    RenewalPolicy twelveHours = new RenewalPolicy(PkiFixtures.CLOCK, Duration.ofHours(12));
    Instant oneHourBeforeExpiry = serverLeaf.notAfter().minus(Duration.ofHours(1));
    RenewalPolicy lateTwelveHours = new RenewalPolicy(Clock.fixed(oneHourBeforeExpiry, ZoneOffset.UTC),
        Duration.ofHours(12));

    assertThat(twelveHours.decide(Optional.of(serverLeaf), ca, DIND_SERVER).action()).isEqualTo(RenewalAction.KEEP);
    assertThat(lateTwelveHours.decide(Optional.of(serverLeaf), ca, DIND_SERVER).reason())
        .endsWith("(within the PT12H renewal window)");
  }

  @Test
  void decideReissuesAfterCaChange() {
    CertificateAuthority newCa = issuer.createAuthority("runnerstack ci CA");

    RenewalDecision decision = policy.decide(Optional.of(serverLeaf), newCa, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).isEqualTo("certificate was not signed by the current CA");
  }

  @Test
  void decideReissuesWhenBundledCaDiffers() {
    CertificateAuthority otherCa = issuer.createAuthority("other CA");
    IssuedCertificate wrongBundle = new IssuedCertificate(serverLeaf.certificatePem(), serverLeaf.privateKeyPem(),
        otherCa.certificatePem(), serverLeaf.notBefore(), serverLeaf.notAfter());

    RenewalDecision decision = policy.decide(Optional.of(wrongBundle), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).isEqualTo("stored CA certificate differs from the current CA");
  }

  @Test
  void decideReissuesAfterSanChange() {
    CertificateRequest moreNames = new CertificateRequest("dind-server", "dind-server",
        List.of("dind.ci.svc", "dind.ci.svc.cluster.local", "localhost", "docker"), CertificateRequest.Usage.SERVER);

    RenewalDecision decision = policy.decide(Optional.of(serverLeaf), ca, moreNames);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).startsWith("DNS names changed");
  }

  @Test
  void decideIgnoresSanOrderAndCase() {
    CertificateRequest reordered = new CertificateRequest("dind-server", "dind-server",
        List.of("LOCALHOST", "dind.ci.svc.cluster.local", "dind.ci.svc"), CertificateRequest.Usage.SERVER);

    RenewalDecision decision = policy.decide(Optional.of(serverLeaf), ca, reordered);

    assertThat(decision.action()).isEqualTo(RenewalAction.KEEP);
  }

  @Test
  void decideReissuesAfterUsageChange() {
    CertificateRequest asClient = new CertificateRequest("dind-server", "dind-server", DIND_SERVER.dnsNames(),
        CertificateRequest.Usage.CLIENT);

    RenewalDecision decision = policy.decide(Optional.of(serverLeaf), ca, asClient);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).contains("extended key usage for CLIENT");
  }

  @Test
  void decideReissuesMismatchedKey() {
    IssuedCertificate otherLeaf = issuer.issue(ca, DIND_SERVER);
    IssuedCertificate mismatched = new IssuedCertificate(serverLeaf.certificatePem(), otherLeaf.privateKeyPem(),
        serverLeaf.caCertificatePem(), serverLeaf.notBefore(), serverLeaf.notAfter());

    RenewalDecision decision = policy.decide(Optional.of(mismatched), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).isEqualTo("private key does not match the certificate");
  }

  @Test
  void decideReissuesInvalidCertificatePem() {
    IssuedCertificate broken = new IssuedCertificate("not a certificate", serverLeaf.privateKeyPem(),
        serverLeaf.caCertificatePem(), serverLeaf.notBefore(), serverLeaf.notAfter());

    RenewalDecision decision = policy.decide(Optional.of(broken), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).startsWith("stored certificate is invalid: Certificate PEM contains no PEM block");
  }

  @Test
  void decideReissuesInvalidKeyPem() {
    IssuedCertificate broken = new IssuedCertificate(serverLeaf.certificatePem(), "",
        serverLeaf.caCertificatePem(), serverLeaf.notBefore(), serverLeaf.notAfter());

    RenewalDecision decision = policy.decide(Optional.of(broken), ca, DIND_SERVER);

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).startsWith("stored private key is invalid: Private key PEM is empty");
  }

  @Test
  void decideRejectsInvalidCurrentCa() {
    CertificateAuthority brokenCa = new CertificateAuthority("garbage", ca.privateKeyPem(), ca.notAfter());

    assertThatThrownBy(() -> policy.decide(Optional.of(serverLeaf), brokenCa, DIND_SERVER))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageContaining("Certificate PEM contains no PEM block");
  }

  @Test
  void decideAuthorityCreatesMissingCa() {
    RenewalDecision decision = policy.decideAuthority(Optional.empty());

    assertThat(decision.action()).isEqualTo(RenewalAction.CREATE);
  }

  @Test
  void decideAuthorityKeepsFreshCa() {
    RenewalDecision decision = policy.decideAuthority(Optional.of(ca));

    assertThat(decision.action()).isEqualTo(RenewalAction.KEEP);
  }

  @Test
  void decideAuthorityRenewsInsideWindow() {
    Instant fiveDaysBeforeExpiry = ca.notAfter().minus(Duration.ofDays(5));

    RenewalDecision decision = PkiFixtures.policyAt(fiveDaysBeforeExpiry).decideAuthority(Optional.of(ca));

    assertThat(decision.action()).isEqualTo(RenewalAction.RENEW);
    assertThat(decision.reason()).contains("within the 30-day renewal window");
  }

  @Test
  void decideAuthorityReissuesUnparsableCa() {
    String brokenPem = "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n";
    CertificateAuthority broken = new CertificateAuthority(brokenPem, ca.privateKeyPem(), ca.notAfter());

    RenewalDecision decision = policy.decideAuthority(Optional.of(broken));

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).startsWith("stored CA certificate is invalid");
  }

  @Test
  void decideAuthorityReissuesMismatchedKey() {
    CertificateAuthority otherCa = issuer.createAuthority("other CA");
    CertificateAuthority mixed = new CertificateAuthority(ca.certificatePem(), otherCa.privateKeyPem(), ca.notAfter());

    RenewalDecision decision = policy.decideAuthority(Optional.of(mixed));

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).isEqualTo("CA private key does not match the CA certificate");
  }

  @Test
  void decideAuthorityReissuesLeafStoredAsCa() {
    CertificateAuthority notCa = new CertificateAuthority(serverLeaf.certificatePem(), serverLeaf.privateKeyPem(),
        serverLeaf.notAfter());

    RenewalDecision decision = policy.decideAuthority(Optional.of(notCa));

    assertThat(decision.action()).isEqualTo(RenewalAction.REISSUE);
    assertThat(decision.reason()).contains("is not a CA");
  }

  @Test
  void caRenewalReissuesExistingLeaves() {
    Instant nearCaExpiry = ca.notAfter().minus(Duration.ofDays(5));
    RenewalPolicy latePolicy = PkiFixtures.policyAt(nearCaExpiry);
    CertificateIssuer lateIssuer = PkiFixtures.issuerAt(nearCaExpiry);
    IssuedCertificate clientLeaf = issuer.issue(ca, DIND_CLIENT);

    RenewalDecision caDecision = latePolicy.decideAuthority(Optional.of(ca));
    CertificateAuthority renewedCa = lateIssuer.createAuthority("runnerstack ci CA");

    assertThat(caDecision.action()).isEqualTo(RenewalAction.RENEW);
    assertThat(latePolicy.decide(Optional.of(serverLeaf), renewedCa, DIND_SERVER).action())
        .isEqualTo(RenewalAction.REISSUE);
    assertThat(latePolicy.decide(Optional.of(clientLeaf), renewedCa, DIND_CLIENT).action())
        .isEqualTo(RenewalAction.REISSUE);
  }

  @Test
  void constructorRejectsNegativeWindow() {
    assertThatThrownBy(() -> new RenewalPolicy(PkiFixtures.CLOCK, Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewBefore must not be negative");
  }
}
