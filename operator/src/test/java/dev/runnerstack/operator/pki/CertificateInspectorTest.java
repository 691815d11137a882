package dev.runnerstack.operator.pki;

import static dev.runnerstack.operator.pki.PkiFixtures.DIND_CLIENT;
import static dev.runnerstack.operator.pki.PkiFixtures.DIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class CertificateInspectorTest {

  private final CertificateIssuer issuer = PkiFixtures.issuer();
  private final CertificateAuthority ca = issuer.createAuthority("runnerstack ci CA");
  private final IssuedCertificate serverLeaf = issuer.issue(ca, DIND_SERVER);

  @Test
  void notAfterReadsCertificate() {
    assertThat(CertificateInspector.notAfter(serverLeaf.certificatePem())).isEqualTo(serverLeaf.notAfter());
  }

  @Test
  void dnsNamesReadsSan() {
    assertThat(CertificateInspector.dnsNames(serverLeaf.certificatePem()))
        .containsExactlyElementsOf(DIND_SERVER.dnsNames());
  }

  @Test
  void dnsNamesEmptyWithoutSan() {
    IssuedCertificate clientLeaf = issuer.issue(ca, DIND_CLIENT);

    assertThat(CertificateInspector.dnsNames(clientLeaf.certificatePem())).isEmpty();
  }

  @Test
  void isSignedByIssuingCa() {
    assertThat(CertificateInspector.isSignedBy(serverLeaf.certificatePem(), ca.certificatePem())).isTrue();
  }

  @Test
  void isSignedByRejectsSameNameCa() {
    CertificateAuthority sameNameCa = issuer.createAuthority("runnerstack ci CA");

    assertThat(CertificateInspector.isSignedBy(serverLeaf.certificatePem(), sameNameCa.certificatePem())).isFalse();
  }

  @Test
  void keyMatchesOwnCertificate() {
    assertThat(CertificateInspector.keyMatches(serverLeaf.privateKeyPem(), serverLeaf.certificatePem())).isTrue();
  }

  @Test
  void keyMatchesRejectsOtherKey() {
    IssuedCertificate otherLeaf = issuer.issue(ca, DIND_SERVER);

    assertThat(CertificateInspector.keyMatches(otherLeaf.privateKeyPem(), serverLeaf.certificatePem())).isFalse();
  }

  @Test
  void keyMatchesComparesRsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, PkiFixtures.RANDOM);
    KeyPair rsa = generator.generateKeyPair();
    KeyPair otherRsa = generator.generateKeyPair();
    X509Certificate ecCertificate = CertificateInspector.parseCertificate(serverLeaf.certificatePem());

    assertThat(CertificateInspector.keyMatches(rsa.getPrivate(), rsa.getPublic())).isTrue();
    assertThat(CertificateInspector.keyMatches(rsa.getPrivate(), otherRsa.getPublic())).isFalse();
    assertThat(CertificateInspector.keyMatches(rsa.getPrivate(), ecCertificate.getPublicKey())).isFalse();
  }

  @Test
  void parsePrivateKeyReadsPkcs8() {
    PrivateKey key = CertificateInspector.parsePrivateKey(serverLeaf.privateKeyPem());

    assertThat(key.getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void parseCertificateRejectsText() {
    assertThatThrownBy(() -> CertificateInspector.parseCertificate("hello"))
        .isInstanceOf(InvalidPemException.class)
        .hasMessage("Certificate PEM contains no PEM block. Expected one '-----BEGIN CERTIFICATE-----' block.");
  }

  @Test
  void parseCertificateRejectsEmpty() {
    assertThatThrownBy(() -> CertificateInspector.parseCertificate(" "))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageStartingWith("Certificate PEM is empty");
  }

  @Test
  void keyBlockErrorOmitsKey() {
    String keyBody = base64Body(serverLeaf.privateKeyPem());

    assertThatThrownBy(() -> CertificateInspector.parseCertificate(serverLeaf.privateKeyPem()))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageContaining("contains a 'PRIVATE KEY' block")
        .message().doesNotContain(keyBody.substring(0, 20));
  }

  @Test
  void parseCertificateRejectsTwoBlocks() {
    String bundle = serverLeaf.certificatePem() + ca.certificatePem();

    assertThatThrownBy(() -> CertificateInspector.parseCertificate(bundle))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageContaining("more than one PEM block");
  }

  @Test
  void parseCertificateRejectsNonCertificateDer() {
    String fakeCertificate = PemCodec.encode(PemCodec.CERTIFICATE, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

    assertThatThrownBy(() -> CertificateInspector.parseCertificate(fakeCertificate))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageStartingWith("Certificate PEM contains a CERTIFICATE block that is not a DER X.509 certificate");
  }

  @Test
  void parsePrivateKeyRejectsCertificateBlock() {
    assertThatThrownBy(() -> CertificateInspector.parsePrivateKey(serverLeaf.certificatePem()))
        .isInstanceOf(InvalidPemException.class)
        .hasMessage("Private key PEM contains a 'CERTIFICATE' block. Expected a 'PRIVATE KEY' block.");
  }

  @Test
  void truncatedKeyErrorOmitsKey() {
    String keyPem = serverLeaf.privateKeyPem();
    String truncated = keyPem.substring(0, keyPem.indexOf("-----END"));
    String keyBody = base64Body(keyPem);

    assertThatThrownBy(() -> CertificateInspector.parsePrivateKey(truncated))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageStartingWith("Private key PEM is not valid PEM")
        .hasNoCause()
        .message().doesNotContain(keyBody.substring(0, 20));
  }

  @Test
  void parsePrivateKeyRejectsCorruptDer() {
    String corrupt = PemCodec.encode(PemCodec.PRIVATE_KEY, new byte[] {0x30, 0x03, 0x02, 0x01, 0x07});

    assertThatThrownBy(() -> CertificateInspector.parsePrivateKey(corrupt))
        .isInstanceOf(InvalidPemException.class)
        .hasMessageStartingWith("Private key PEM contains a PRIVATE KEY block that is not a PKCS#8 private key")
        .hasNoCause();
  }

  private static String base64Body(String pem) {
    return pem.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
  }
}
