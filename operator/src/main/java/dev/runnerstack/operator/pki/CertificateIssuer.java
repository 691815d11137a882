package dev.runnerstack.operator.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates a stack's private CA and signs leaf certificates with it.
 *
 * <p>Keys are ECDSA P-256 and signatures SHA256withECDSA. The issuer reads time only from the injected clock and
 * randomness only from the injected {@link SecureRandom}, so tests can pin both.
 */
public final class CertificateIssuer {

  /** Default CA lifetime: 5 × 365 days. */
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(5 * 365);
  /** Default leaf lifetime: 365 days, further capped at the CA's notAfter. */
  public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);
  /** How far notBefore is set in the past, so peers whose clocks run a little behind accept a fresh certificate. */
  public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

  private static final String CURVE = "secp256r1";
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final int SERIAL_BITS = 128;

  private final Clock clock;
  private final SecureRandom random;
  private final Duration caValidity;
  private final Duration leafValidity;

  /**
   * Creates an issuer.
   *
   * @param clock source of "now" for notBefore and notAfter
   * @param random source of key material and serial numbers
   * @param caValidity lifetime of a new CA certificate, must be positive
   * @param leafValidity lifetime of a new leaf certificate before it is capped at the CA's notAfter, must be positive
   */
  public CertificateIssuer(Clock clock, SecureRandom random, Duration caValidity, Duration leafValidity) {
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.random = Objects.requireNonNull(random, "random must not be null");
    this.caValidity = requirePositive(caValidity, "caValidity");
    this.leafValidity = requirePositive(leafValidity, "leafValidity");
  }

  /**
   * Creates an issuer with a new {@link SecureRandom}, {@link #DEFAULT_CA_VALIDITY} and
   * {@link #DEFAULT_LEAF_VALIDITY}.
   */
  public static CertificateIssuer withDefaults(Clock clock) {
    return new CertificateIssuer(clock, new SecureRandom(), DEFAULT_CA_VALIDITY, DEFAULT_LEAF_VALIDITY);
  }

  /**
   * Creates a self-signed CA with a new key pair. Its BasicConstraints allow no intermediate CAs (pathLen 0), and its
   * KeyUsage allows signing certificates and CRLs only.
   *
   * @param commonName subject CN of the CA, at most 64 characters
   */
  public CertificateAuthority createAuthority(String commonName) {
    Objects.requireNonNull(commonName, "commonName must not be null");
    if (commonName.isBlank() || commonName.length() > CertificateRequest.MAX_COMMON_NAME_LENGTH) {
      throw new IllegalArgumentException("CA commonName must be 1 to " + CertificateRequest.MAX_COMMON_NAME_LENGTH
          + " characters, but has " + commonName.length() + ".");
    }
    Instant now = now();
    Instant notBefore = now.minus(CLOCK_SKEW_ALLOWANCE);
    Instant notAfter = now.plus(caValidity);
    KeyPair keyPair = generateKeyPair();
    X500Name subject = commonNameOnly(commonName);

    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(), Date.from(notBefore),
          Date.from(notAfter), subject, keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));

      X509Certificate certificate = sign(builder, keyPair.getPrivate());
      return new CertificateAuthority(PemCodec.encode(PemCodec.CERTIFICATE, certificate.getEncoded()),
          encodePrivateKey(keyPair.getPrivate()), certificate.getNotAfter().toInstant());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("Failed to create CA certificate '" + commonName + "'.", e);
    }
  }

  /**
   * Issues a leaf certificate with a new key pair, signed by {@code ca}. It is valid from now minus
   * {@link #CLOCK_SKEW_ALLOWANCE} until now plus the leaf validity, or until the CA's notAfter if that comes first.
   *
   * @throws InvalidPemException if the CA certificate or key is not valid PEM
   * @throws IllegalArgumentException if the CA is not a CA, its key does not match its certificate, or it has expired
   */
  public IssuedCertificate issue(CertificateAuthority ca, CertificateRequest request) {
    Objects.requireNonNull(ca, "ca must not be null");
    Objects.requireNonNull(request, "request must not be null");
    X509Certificate caCertificate = CertificateInspector.parseCertificate(ca.certificatePem());
    PrivateKey caKey = CertificateInspector.parsePrivateKey(ca.privateKeyPem());
    checkUsableAuthority(caCertificate, caKey, request);

    Instant now = now();
    Instant notBefore = now.minus(CLOCK_SKEW_ALLOWANCE);
    // The certificate's notAfter wins over ca.notAfter(), because it is what TLS peers check.
    Instant caNotAfter = caCertificate.getNotAfter().toInstant();
    Instant notAfter = now.plus(leafValidity);
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    KeyPair keyPair = generateKeyPair();

    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, newSerial(),
          Date.from(notBefore), Date.from(notAfter), commonNameOnly(request.commonName()), keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      KeyPurposeId purpose = request.usage() == CertificateRequest.Usage.SERVER
          ? KeyPurposeId.id_kp_serverAuth
          : KeyPurposeId.id_kp_clientAuth;
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (!request.dnsNames().isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, dnsNames(request));
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          extensions.createAuthorityKeyIdentifier(caCertificate));

      X509Certificate certificate = sign(builder, caKey);
      return new IssuedCertificate(PemCodec.encode(PemCodec.CERTIFICATE, certificate.getEncoded()),
          encodePrivateKey(keyPair.getPrivate()), ca.certificatePem(), certificate.getNotBefore().toInstant(),
          certificate.getNotAfter().toInstant());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("Failed to issue certificate '" + request.name() + "'.", e);
    }
  }

  private void checkUsableAuthority(X509Certificate caCertificate, PrivateKey caKey, CertificateRequest request) {
    if (!CertificateInspector.isCertificateAuthority(caCertificate)) {
      throw new IllegalArgumentException("Cannot issue certificate '" + request.name() + "': certificate '"
          + caCertificate.getSubjectX500Principal().getName() + "' is not a CA (BasicConstraints CA=false).");
    }
    if (!CertificateInspector.keyMatches(caKey, caCertificate.getPublicKey())) {
      throw new IllegalArgumentException("Cannot issue certificate '" + request.name() + "': the CA private key "
          + "does not match CA certificate '" + caCertificate.getSubjectX500Principal().getName()
          + "'. Recreate the CA.");
    }
    Instant caNotAfter = caCertificate.getNotAfter().toInstant();
    if (!caNotAfter.isAfter(now())) {
      throw new IllegalArgumentException("Cannot issue certificate '" + request.name() + "': CA certificate '"
          + caCertificate.getSubjectX500Principal().getName() + "' expired at " + caNotAfter
          + ". Renew the CA first.");
    }
  }

  // X.509 stores times with one-second precision, so drop the fraction to make the returned values match the
  // certificate.
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private KeyPair generateKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Failed to generate an EC " + CURVE + " key pair. The JDK's EC provider "
          + "is missing or does not support this curve.", e);
    }
  }

  // A random positive serial of at most 128 bits. RFC 5280 allows up to 20 octets, and zero is not positive, so a
  // zero draw is retried.
  private BigInteger newSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(SERIAL_BITS, random);
    } while (serial.signum() == 0);
    return serial;
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(random).build(signingKey);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static String encodePrivateKey(PrivateKey key) {
    // The JDK's EC keys encode as PKCS#8, which is the "PRIVATE KEY" PEM block type.
    return PemCodec.encode(PemCodec.PRIVATE_KEY, key.getEncoded());
  }

  // Builds the subject with X500NameBuilder, so characters such as ',' or '=' in the CN stay part of the value.
  private static X500Name commonNameOnly(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static GeneralNames dnsNames(CertificateRequest request) {
    // A set drops duplicate names from the request while keeping their order.
    Set<String> unique = new LinkedHashSet<>(request.dnsNames());
    GeneralName[] names = unique.stream()
        .map(dnsName -> new GeneralName(GeneralName.dNSName, dnsName))
        .toArray(GeneralName[]::new);
    return new GeneralNames(names);
  }

  private static Duration requirePositive(Duration duration, String parameter) {
    Objects.requireNonNull(duration, parameter + " must not be null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(parameter + " must be positive, but is " + duration + ".");
    }
    return duration;
  }
}
