package dev.runnerstack.operator.pki;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Static helpers that parse PEM certificates and keys and read the facts {@link RenewalPolicy} decides on.
 *
 * <p>Invalid input raises {@link InvalidPemException}, whose message names the PEM that failed but never its content.
 */
public final class CertificateInspector {

  /** OID of id-kp-serverAuth (RFC 5280, section 4.2.1.12). */
  static final String SERVER_AUTH_OID = "1.3.6.1.5.5.7.3.1";
  /** OID of id-kp-clientAuth (RFC 5280, section 4.2.1.12). */
  static final String CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";

  // Type code of a dNSName entry in X509Certificate.getSubjectAlternativeNames().
  private static final int SAN_DNS_NAME = 2;

  private CertificateInspector() {
  }

  /**
   * Parses one PEM "CERTIFICATE" block.
   *
   * @throws InvalidPemException if the text is not exactly one PEM certificate
   */
  public static X509Certificate parseCertificate(String certificatePem) {
    byte[] der = PemCodec.decode(certificatePem, PemCodec.CERTIFICATE, "Certificate PEM");
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new InvalidPemException("Certificate PEM contains a CERTIFICATE block that is not a DER X.509 "
          + "certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Parses one PEM "PRIVATE KEY" (PKCS#8, unencrypted) block.
   *
   * @throws InvalidPemException if the text is not exactly one PKCS#8 private key. The message contains no key
   *     material.
   */
  public static PrivateKey parsePrivateKey(String privateKeyPem) {
    byte[] der = PemCodec.decode(privateKeyPem, PemCodec.PRIVATE_KEY, "Private key PEM");
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IllegalArgumentException | PEMException e) {
      // No cause and no cause message: either could echo bytes of the key.
      throw new InvalidPemException("Private key PEM contains a PRIVATE KEY block that is not a PKCS#8 private key ("
          + e.getClass().getSimpleName() + ").");
    }
  }

  /** Reads the end of validity of a PEM certificate. */
  public static Instant notAfter(String certificatePem) {
    return parseCertificate(certificatePem).getNotAfter().toInstant();
  }

  /** Reads the subject DN of a PEM certificate in RFC 2253 form, such as {@code "CN=dind-server"}. */
  public static String subject(String certificatePem) {
    return parseCertificate(certificatePem).getSubjectX500Principal().getName();
  }

  /** Reads the SAN dNSName entries of a PEM certificate in certificate order, or an empty set without a SAN. */
  public static Set<String> dnsNames(String certificatePem) {
    return dnsNames(parseCertificate(certificatePem));
  }

  /** Reads the SAN dNSName entries of a certificate in certificate order, or an empty set without a SAN. */
  public static Set<String> dnsNames(X509Certificate certificate) {
    Collection<List<?>> entries;
    try {
      entries = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new InvalidPemException("Certificate '" + certificate.getSubjectX500Principal().getName()
          + "' has a SubjectAlternativeName extension that cannot be parsed: " + e.getMessage(), e);
    }
    Set<String> names = new LinkedHashSet<>();
    if (entries == null) {
      return names;
    }
    for (List<?> entry : entries) {
      if (entry.size() >= 2 && Integer.valueOf(SAN_DNS_NAME).equals(entry.get(0))) {
        names.add((String) entry.get(1));
      }
    }
    return names;
  }

  /** Returns whether the certificate has BasicConstraints with CA=true. */
  public static boolean isCertificateAuthority(X509Certificate certificate) {
    return certificate.getBasicConstraints() >= 0;
  }

  /**
   * Returns whether the certificate's ExtendedKeyUsage contains the purpose of {@code usage}: serverAuth for
   * {@link CertificateRequest.Usage#SERVER} and clientAuth for {@link CertificateRequest.Usage#CLIENT}.
   */
  public static boolean hasUsage(X509Certificate certificate, CertificateRequest.Usage usage) {
    List<String> purposes;
    try {
      purposes = certificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new InvalidPemException("Certificate '" + certificate.getSubjectX500Principal().getName()
          + "' has an ExtendedKeyUsage extension that cannot be parsed: " + e.getMessage(), e);
    }
    if (purposes == null) {
      return false;
    }
    return purposes.contains(usage == CertificateRequest.Usage.SERVER ? SERVER_AUTH_OID : CLIENT_AUTH_OID);
  }

  /**
   * Returns whether {@code certificatePem} names the CA as its issuer and carries a signature made with the CA's key.
   *
   * @throws InvalidPemException if either PEM is not a certificate
   */
  public static boolean isSignedBy(String certificatePem, String caCertificatePem) {
    return isSignedBy(parseCertificate(certificatePem), parseCertificate(caCertificatePem));
  }

  /** Returns whether {@code certificate} names {@code ca} as its issuer and verifies with the CA's public key. */
  public static boolean isSignedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (SignatureException | InvalidKeyException e) {
      // A wrong signature or a key of another algorithm both mean "signed by someone else".
      return false;
    } catch (CertificateException | NoSuchAlgorithmException | NoSuchProviderException e) {
      throw new IllegalStateException("Failed to verify the signature of certificate '"
          + certificate.getSubjectX500Principal().getName() + "': the JDK cannot check algorithm "
          + certificate.getSigAlgName() + ".", e);
    }
  }

  /**
   * Returns whether the private key belongs to the certificate's public key.
   *
   * @throws InvalidPemException if either PEM is invalid
   */
  public static boolean keyMatches(String privateKeyPem, String certificatePem) {
    X509Certificate certificate = parseCertificate(certificatePem);
    return keyMatches(parsePrivateKey(privateKeyPem), certificate.getPublicKey());
  }

  /**
   * Returns whether the private key belongs to the public key, by deriving the public value from the private one.
   * This needs no signature and no randomness. Supports EC keys over prime fields and RSA CRT keys.
   *
   * @throws IllegalArgumentException if the key algorithm is not supported
   */
  public static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
    if (privateKey instanceof ECPrivateKey ecPrivate) {
      return publicKey instanceof ECPublicKey ecPublic && ecKeyMatches(ecPrivate, ecPublic);
    }
    if (privateKey instanceof RSAPrivateCrtKey rsaPrivate) {
      return publicKey instanceof RSAPublicKey rsaPublic
          && rsaPrivate.getModulus().equals(rsaPublic.getModulus())
          && rsaPrivate.getPublicExponent().equals(rsaPublic.getPublicExponent());
    }
    throw new IllegalArgumentException("Cannot compare a " + privateKey.getAlgorithm()
        + " private key with a certificate. Supported key algorithms are EC (prime curves) and RSA.");
  }

  /** Returns the certificate's subject for {@code toString()} output, or a placeholder when the PEM is invalid. */
  static String describeSubject(String certificatePem) {
    try {
      return subject(certificatePem);
    } catch (IllegalArgumentException e) {
      return "<invalid certificate PEM>";
    }
  }

  /** Returns the DER encoding of a certificate, for comparing certificates independently of PEM line breaks. */
  static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Failed to DER-encode certificate '"
          + certificate.getSubjectX500Principal().getName() + "'.", e);
    }
  }

  /** Returns the DNS names lower-cased, because DNS names compare case-insensitively (RFC 4343). */
  static Set<String> normalize(Set<String> dnsNames) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String dnsName : dnsNames) {
      normalized.add(dnsName.toLowerCase(Locale.ROOT));
    }
    return normalized;
  }
  // Computes d*G on the private key's curve and compares it with the public point W.
  private static boolean ecKeyMatches(ECPrivateKey privateKey, ECPublicKey publicKey) {
    ECParameterSpec privateParams = privateKey.getParams();
    ECParameterSpec publicParams = publicKey.getParams();
    boolean sameCurve = privateParams.getCurve().equals(publicParams.getCurve())
        && privateParams.getGenerator().equals(publicParams.getGenerator())
        && privateParams.getOrder().equals(publicParams.getOrder());
    if (!sameCurve) {
      return false;
    }
    if (!(privateParams.getCurve().getField() instanceof ECFieldFp primeField)) {
      throw new IllegalArgumentException("Cannot compare EC keys over a binary field. Use a prime curve such as "
          + "P-256.");
    }
    ECCurve curve = new ECCurve.Fp(primeField.getP(), privateParams.getCurve().getA(),
        privateParams.getCurve().getB(), privateParams.getOrder(), BigInteger.valueOf(privateParams.getCofactor()));
    ECPoint generator = curve.createPoint(privateParams.getGenerator().getAffineX(),
        privateParams.getGenerator().getAffineY());
    ECPoint derived = generator.multiply(privateKey.getS()).normalize();
    return derived.getAffineXCoord().toBigInteger().equals(publicKey.getW().getAffineX())
        && derived.getAffineYCoord().toBigInteger().equals(publicKey.getW().getAffineY());
  }

}
