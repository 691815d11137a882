package dev.runnerstack.operator.pki;

import static dev.runnerstack.operator.pki.PkiFixtures.CLOCK;
import static dev.runnerstack.operator.pki.PkiFixtures.DIND_CLIENT;
import static dev.runnerstack.operator.pki.PkiFixtures.DIND_SERVER;
import static dev.runnerstack.operator.pki.PkiFixtures.NOW;
import static dev.runnerstack.operator.pki.PkiFixtures.RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

  // Bit positions in X509Certificate.getKeyUsage() (RFC 5280, section 4.2.1.3).
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private final CertificateIssuer issuer = PkiFixtures.issuer();
  private final CertificateAuthority ca = issuer.createAuthority("runnerstack ci CA");

  @Test
  void authorityIsCaWithPathLengthZero() {
    X509Certificate certificate = CertificateInspector.parseCertificate(ca.certificatePem());

    assertThat(certificate.getBasicConstraints()).isZero();
  }

  @Test
  void authorityKeyUsageAllowsCertificateSigning() {
    boolean[] keyUsage = CertificateInspector.parseCertificate(ca.certificatePem()).getKeyUsage();

    assertThat(keyUsage[KEY_CERT_SIGN]).isTrue();
    assertThat(keyUsage[CRL_SIGN]).isTrue();
    assertThat(keyUsage[DIGITAL_SIGNATURE]).isFalse();
  }

  @Test
  void authorityIsSelfSigned() throws Exception {
    X509Certificate certificate = CertificateInspector.parseCertificate(ca.certificatePem());

    assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    assertThatCode(() -> certificate.verify(certificate.getPublicKey())).doesNotThrowAnyException();
  }

  @Test
  void authorityHasSubjectKeyIdentifier() {
    X509Certificate certificate = CertificateInspector.parseCertificate(ca.certificatePem());

    assertThat(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
  }

  @Test
  void authorityValidityFollowsCaValidity() {
    X509Certificate certificate = CertificateInspector.parseCertificate(ca.certificatePem());

    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(CertificateIssuer.DEFAULT_CA_VALIDITY));
    assertThat(ca.notAfter()).isEqualTo(NOW.plus(CertificateIssuer.DEFAULT_CA_VALIDITY));
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.CLOCK_SKEW_ALLOWANCE));
  }

  @Test
  void authorityKeyIsPkcs8AndMatches() {
    assertThat(ca.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(CertificateInspector.keyMatches(ca.privateKeyPem(), ca.certificatePem())).isTrue();
  }

  @Test
  void issueServerCertificateHasSans() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThat(CertificateInspector.dnsNames(leaf.certificatePem()))
        .containsExactly("dind.ci.svc", "dind.ci.svc.cluster.local", "localhost");
  }

  @Test
  void issueDropsDuplicateDnsNames() {
    CertificateRequest request = new CertificateRequest("registry", "registry",
        List.of("registry.ci.svc", "registry.ci.svc"), CertificateRequest.Usage.SERVER);

    IssuedCertificate leaf = issuer.issue(ca, request);

    assertThat(CertificateInspector.dnsNames(leaf.certificatePem())).containsExactly("registry.ci.svc");
  }

  @Test
  void clientCertificateWithoutDnsNamesHasNoSan() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_CLIENT);
    X509Certificate certificate = CertificateInspector.parseCertificate(leaf.certificatePem());

    assertThat(certificate.getExtensionValue(Extension.subjectAlternativeName.getId())).isNull();
  }

  @Test
  void leafSubjectIsCommonName() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThat(CertificateInspector.subject(leaf.certificatePem())).isEqualTo("CN=dind-server");
  }

  @Test
  void commonNameWithCommaStaysOneAttribute() {
    CertificateRequest request = new CertificateRequest("runner", "runner, ci", List.of(),
        CertificateRequest.Usage.CLIENT);

    IssuedCertificate leaf = issuer.issue(ca, request);

    assertThat(CertificateInspector.subject(leaf.certificatePem())).isEqualTo("CN=runner\\, ci");
  }

  @Test
  void leafVerifiesAgainstCa() throws Exception {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThatCode(() -> validatePath(leaf.certificatePem(), ca.certificatePem())).doesNotThrowAnyException();
  }

  @Test
  void leafDoesNotVerifyAgainstOtherCa() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);
    CertificateAuthority otherCa = issuer.createAuthority("runnerstack ci CA");

    assertThatThrownBy(() -> validatePath(leaf.certificatePem(), otherCa.certificatePem()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void leafBundlesCaCertificate() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThat(leaf.caCertificatePem()).isEqualTo(ca.certificatePem());
  }

  @Test
  void serverCertificateHasServerAuthOnly() throws Exception {
    X509Certificate certificate = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());

    assertThat(certificate.getExtendedKeyUsage()).containsExactly(CertificateInspector.SERVER_AUTH_OID);
  }

  @Test
  void clientCertificateHasClientAuthOnly() throws Exception {
    X509Certificate certificate = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_CLIENT).certificatePem());

    assertThat(certificate.getExtendedKeyUsage()).containsExactly(CertificateInspector.CLIENT_AUTH_OID);
  }

  @Test
  void leafIsNotCa() {
    X509Certificate certificate = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());

    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void leafKeyUsageIsDigitalSignature() {
    boolean[] keyUsage = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem())
        .getKeyUsage();

    assertThat(keyUsage[DIGITAL_SIGNATURE]).isTrue();
    assertThat(keyUsage[KEY_CERT_SIGN]).isFalse();
  }

  @Test
  void leafAuthorityKeyIdMatchesCa() {
    X509Certificate caCertificate = CertificateInspector.parseCertificate(ca.certificatePem());
    X509Certificate leaf = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());

    byte[] caKeyId = SubjectKeyIdentifier.getInstance(extensionContent(caCertificate, Extension.subjectKeyIdentifier))
        .getKeyIdentifier();
    byte[] leafAuthorityKeyId = AuthorityKeyIdentifier.getInstance(
        extensionContent(leaf, Extension.authorityKeyIdentifier)).getKeyIdentifierObject().getOctets();

    assertThat(leafAuthorityKeyId).isEqualTo(caKeyId);
  }

  @Test
  void leafUsesP256AndSha256WithEcdsa() {
    X509Certificate certificate = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());

    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
  }

  @Test
  void leafSerialIsPositiveAndAtMost128Bits() {
    X509Certificate certificate = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());

    assertThat(certificate.getSerialNumber().signum()).isEqualTo(1);
    assertThat(certificate.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
  }

  @Test
  void leafSerialsDiffer() {
    X509Certificate first = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());
    X509Certificate second = CertificateInspector.parseCertificate(issuer.issue(ca, DIND_SERVER).certificatePem());

    assertThat(first.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
  }

  @Test
  void leafPrivateKeyIsPkcs8AndMatches() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(CertificateInspector.keyMatches(leaf.privateKeyPem(), leaf.certificatePem())).isTrue();
  }

  @Test
  void leafNotBeforeAllowsClockSkew() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThat(leaf.notBefore()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
  }

  @Test
  void leafNotAfterFollowsLeafValidity() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);

    assertThat(leaf.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(CertificateInspector.notAfter(leaf.certificatePem())).isEqualTo(leaf.notAfter());
  }

  @Test
  void leafNotAfterCappedAtCaNotAfter() {
    CertificateIssuer shortCaIssuer = new CertificateIssuer(CLOCK, RANDOM, Duration.ofDays(100), Duration.ofDays(365));
    CertificateAuthority shortCa = shortCaIssuer.createAuthority("short-lived CA");

    IssuedCertificate leaf = shortCaIssuer.issue(shortCa, DIND_SERVER);

    assertThat(leaf.notAfter()).isEqualTo(shortCa.notAfter());
  }

  @Test
  void leafNotAfterCappedWhenCaAlmostExpired() {
    Instant later = NOW.plus(CertificateIssuer.DEFAULT_CA_VALIDITY).minus(Duration.ofDays(10));

    IssuedCertificate leaf = PkiFixtures.issuerAt(later).issue(ca, DIND_SERVER);

    assertThat(leaf.notAfter()).isEqualTo(ca.notAfter());
  }

  @Test
  void issueTruncatesClockToSeconds() {
    CertificateIssuer subSecondIssuer = new CertificateIssuer(PkiFixtures.clockAfter(Duration.ofMillis(700)), RANDOM,
        CertificateIssuer.DEFAULT_CA_VALIDITY, CertificateIssuer.DEFAULT_LEAF_VALIDITY);

    IssuedCertificate leaf = subSecondIssuer.issue(ca, DIND_SERVER);

    assertThat(leaf.notAfter()).isEqualTo(CertificateInspector.notAfter(leaf.certificatePem()));
    assertThat(leaf.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(365)));
  }

  @Test
  void issueRejectsExpiredCa() {
    CertificateIssuer lateIssuer = PkiFixtures.issuerAt(ca.notAfter().plusSeconds(1));

    assertThatThrownBy(() -> lateIssuer.issue(ca, DIND_SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expired at " + ca.notAfter());
  }

  @Test
  void issueRejectsCaWithForeignKey() {
    CertificateAuthority otherCa = issuer.createAuthority("other CA");
    CertificateAuthority mixed = new CertificateAuthority(ca.certificatePem(), otherCa.privateKeyPem(), ca.notAfter());

    assertThatThrownBy(() -> issuer.issue(mixed, DIND_SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CA private key does not match");
  }

  @Test
  void issueRejectsLeafAsCa() {
    IssuedCertificate leaf = issuer.issue(ca, DIND_SERVER);
    CertificateAuthority notCa = new CertificateAuthority(leaf.certificatePem(), leaf.privateKeyPem(), leaf.notAfter());

    assertThatThrownBy(() -> issuer.issue(notCa, DIND_CLIENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a CA");
  }

  @Test
  void constructorRejectsZeroValidity() {
    assertThatThrownBy(() -> new CertificateIssuer(CLOCK, RANDOM, Duration.ZERO, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("caValidity must be positive");
  }

  @Test
  void createAuthorityRejectsLongCommonName() {
    assertThatThrownBy(() -> issuer.createAuthority("c".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 64 characters");
  }

  private static void validatePath(String leafPem, String caPem) throws Exception {
    X509Certificate leaf = CertificateInspector.parseCertificate(leafPem);
    X509Certificate caCertificate = CertificateInspector.parseCertificate(caPem);
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(caCertificate, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(NOW));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }

  private static byte[] extensionContent(X509Certificate certificate, ASN1ObjectIdentifier extension) {
    // getExtensionValue returns the DER OCTET STRING that wraps the extension value.
    return ASN1OctetString.getInstance(certificate.getExtensionValue(extension.getId())).getOctets();
  }
}
