package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Expiry of one generated certificate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificateStatus {
  @JsonPropertyDescription("Certificate: ca, dind-server, dind-client or registry-server.")
  private String name;

  @JsonPropertyDescription("Secret that holds it.")
  private String secretName;

  @JsonPropertyDescription("Expiry time (RFC 3339). The operator renews it 30 days before.")
  private String notAfter;

  public CertificateStatus() {
  }

  public CertificateStatus(String name, String secretName, String notAfter) {
    this.name = name;
    this.secretName = secretName;
    this.notAfter = notAfter;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getNotAfter() {
    return notAfter;
  }

  public void setNotAfter(String notAfter) {
    this.notAfter = notAfter;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateStatus other && Objects.equals(name, other.name)
        && Objects.equals(secretName, other.secretName) && Objects.equals(notAfter, other.notAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, secretName, notAfter);
  }
}
