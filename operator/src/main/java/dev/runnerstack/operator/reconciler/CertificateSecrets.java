package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.model.CertificateNames;
import dev.runnerstack.operator.model.Component;
import dev.runnerstack.operator.model.StackLabels;
import dev.runnerstack.operator.model.StackNames;
import dev.runnerstack.operator.pki.CertificateAuthority;
import dev.runnerstack.operator.pki.CertificateInspector;
import dev.runnerstack.operator.pki.InvalidPemException;
import dev.runnerstack.operator.pki.IssuedCertificate;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret layout of each certificate, and reading certificates back from Secrets. DinD's image expects
 * ca.pem, cert.pem and key.pem; the registry Secret uses the kubernetes.io/tls keys.
 */
final class CertificateSecrets {
  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";

  private CertificateSecrets() {
  }

  static Secret authoritySecret(StackNames names, OwnerReference owner, CertificateAuthority ca) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CA_CERT, ca.certificatePem());
    data.put(CA_KEY, ca.privateKeyPem());
    return secret(names.caSecret(), names, owner, "Opaque", data);
  }

  static Secret leafSecret(StackNames names, OwnerReference owner, String certificate, IssuedCertificate issued) {
    Map<String, String> data = new LinkedHashMap<>();
    String type = "Opaque";
    if (CertificateNames.REGISTRY_SERVER.equals(certificate)) {
      type = "kubernetes.io/tls";
      data.put("ca.crt", issued.caCertificatePem());
      data.put("tls.crt", issued.certificatePem());
      data.put("tls.key", issued.privateKeyPem());
    } else {
      data.put("ca.pem", issued.caCertificatePem());
      data.put("cert.pem", issued.certificatePem());
      data.put("key.pem", issued.privateKeyPem());
    }
    return secret(CertificateNames.secretName(names, certificate), names, owner, type, data);
  }

  static Optional<CertificateAuthority> readAuthority(Secret secret) {
    if (secret == null) {
      return Optional.empty();
    }
    String cert = decode(secret, CA_CERT);
    String key = decode(secret, CA_KEY);
    if (cert == null || key == null) {
      return Optional.empty();
    }
    return Optional.of(new CertificateAuthority(cert, key, notAfterOrEpoch(cert)));
  }

  static Optional<IssuedCertificate> readLeaf(Secret secret, String certificate) {
    if (secret == null) {
      return Optional.empty();
    }
    boolean tls = CertificateNames.REGISTRY_SERVER.equals(certificate);
    String cert = decode(secret, tls ? "tls.crt" : "cert.pem");
    String key = decode(secret, tls ? "tls.key" : "key.pem");
    String ca = decode(secret, tls ? "ca.crt" : "ca.pem");
    if (cert == null || key == null || ca == null) {
      return Optional.empty();
    }
    Instant notBefore = Instant.EPOCH;
    Instant notAfter = Instant.EPOCH;
    try {
      X509Certificate parsed = CertificateInspector.parseCertificate(cert);
      notBefore = parsed.getNotBefore().toInstant();
      notAfter = parsed.getNotAfter().toInstant();
    } catch (InvalidPemException e) {
      // The renewal policy parses the same PEM, fails and decides to reissue it.
    }
    return Optional.of(new IssuedCertificate(cert, key, ca, notBefore, notAfter));
  }

  private static Instant notAfterOrEpoch(String certificatePem) {
    try {
      return CertificateInspector.notAfter(certificatePem);
    } catch (InvalidPemException e) {
      return Instant.EPOCH;
    }
  }

  private static String decode(Secret secret, String key) {
    if (secret.getData() == null || secret.getData().get(key) == null) {
      return null;
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static Secret secret(String name, StackNames names, OwnerReference owner, String type,
      Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((key, value) ->
        encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(names.namespace())
        .withLabels(StackLabels.of(names.stack(), Component.STACK))
        .withOwnerReferences(owner)
        .endMetadata()
        .withType(type)
        .withData(encoded)
        .build();
  }
}
