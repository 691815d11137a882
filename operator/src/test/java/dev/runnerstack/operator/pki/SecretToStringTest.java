package dev.runnerstack.operator.pki;

import static dev.runnerstack.operator.pki.PkiFixtures.DIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks that the records holding private keys keep them out of {@code toString()}. */
class SecretToStringTest {

  private final CertificateIssuer issuer = PkiFixtures.issuer();
  private final CertificateAuthority ca = issuer.createAuthority("runnerstack ci CA");
  private final IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

  @Test
  void issuedToStringHidesKey() {
    String text = leaf.toString();

    assertThat(text).doesNotContain(leaf.privateKeyPem());
    assertThat(text).doesNotContain(firstBase64Line(leaf.privateKeyPem()));
    assertThat(text).doesNotContain("PRIVATE KEY");
  }

  @Test
  void issuedToStringShowsSubjectAndNotAfter() {
    String text = leaf.toString();

    assertThat(text).contains("subject=CN=dind-server");
    assertThat(text).contains("notAfter=" + leaf.notAfter());
  }

  @Test
  void authorityToStringHidesKey() {
    String text = ca.toString();

    assertThat(text).doesNotContain(ca.privateKeyPem());
    assertThat(text).doesNotContain(firstBase64Line(ca.privateKeyPem()));
    assertThat(text).doesNotContain("PRIVATE KEY");
  }

  @Test
  void authorityToStringShowsSubjectAndNotAfter() {
    String text = ca.toString();

    assertThat(text).contains("subject=CN=runnerstack ci CA");
    assertThat(text).contains("notAfter=" + ca.notAfter());
  }

  @Test
  void toStringToleratesInvalidCertificate() {
    IssuedCertificate broken = new IssuedCertificate("garbage", leaf.privateKeyPem(), leaf.caCertificatePem(),
        leaf.notBefore(), leaf.notAfter());

    assertThat(broken.toString()).contains("subject=<invalid certificate PEM>");
  }

  private static String firstBase64Line(String pem) {
    return pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
  }
}
