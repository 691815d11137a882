package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The runner's registration with the Forgejo instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrationSpec {
  /** Registration method. */
  public enum Method {
    /** A registration token from the instance's runner settings, used once by forgejo-runner register. */
    Token,
    /** A 40-character hex secret shared with the instance (forgejo-cli actions register --secret), used by
     * forgejo-runner create-runner-file without contacting the instance. */
    SharedSecret
  }

  @JsonPropertyDescription("Token (default) registers with a registration token; SharedSecret uses offline "
      + "registration with a secret that an administrator also gave to forgejo-cli actions register.")
  private Method method;

  @Required
  @JsonPropertyDescription("Secret that holds the token or shared secret. The key defaults to \"token\".")
  private SecretKeyRef secretRef = new SecretKeyRef();

  public Method getMethod() {
    return method;
  }

  public void setMethod(Method method) {
    this.method = method;
  }

  public SecretKeyRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeyRef secretRef) {
    this.secretRef = secretRef;
  }
}
