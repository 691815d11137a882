package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A PEM CA bundle from exactly one of a Secret or a ConfigMap. */
@ValidationRule(value = "has(self.secretRef) != has(self.configMapRef)",
    message = "instanceCA needs exactly one of secretRef and configMapRef")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaBundleSpec {
  @JsonPropertyDescription("Secret key that holds the PEM bundle. The key defaults to \"ca.crt\".")
  private SecretKeyRef secretRef;

  @JsonPropertyDescription("ConfigMap key that holds the PEM bundle. The key defaults to \"ca.crt\".")
  private SecretKeyRef configMapRef;

  public SecretKeyRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeyRef secretRef) {
    this.secretRef = secretRef;
  }

  public SecretKeyRef getConfigMapRef() {
    return configMapRef;
  }

  public void setConfigMapRef(SecretKeyRef configMapRef) {
    this.configMapRef = configMapRef;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaBundleSpec other && Objects.equals(secretRef, other.secretRef)
        && Objects.equals(configMapRef, other.configMapRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretRef, configMapRef);
  }
}
