package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.RegistrySpec;
import java.util.List;

/** Names of every object derived from one RunnerStack, and the DNS names its Services answer to. */
public record StackNames(String stack, String namespace, String clusterDomain) {
  /**
   * Longest RunnerStack name: the longest derived Service name, "NAME-runner-cache", must stay a 63-character
   * DNS label, and the Deployment's pod names add a further 17 characters that Kubernetes truncates.
   */
  public static final int MAX_STACK_NAME_LENGTH = 45;

  public String caSecret() {
    return stack + "-ca";
  }

  public String dindServerSecret() {
    return stack + "-dind-server-tls";
  }

  public String dindClientSecret() {
    return stack + "-dind-client-tls";
  }

  public String registrySecret() {
    return stack + "-registry-tls";
  }

  public String runnerConfig() {
    return stack + "-runner-config";
  }

  public String dindConfig() {
    return stack + "-dind-config";
  }

  public String dind() {
    return stack + "-dind";
  }

  public String registry() {
    return stack + "-registry";
  }

  public String runner() {
    return stack + "-runner";
  }

  public String runnerCache() {
    return stack + "-runner-cache";
  }

  public String runnerData() {
    return stack + "-runner-data";
  }

  public String registryData() {
    return stack + "-registry-data";
  }

  public String dindData() {
    return stack + "-dind-data";
  }

  public String defaultDenyPolicy() {
    return stack + "-default-deny";
  }

  /** Returns every name a client may use for the Service: short, namespaced, .svc and fully qualified. */
  public List<String> serviceDnsNames(String service) {
    return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
        service + "." + namespace + ".svc." + clusterDomain);
  }

  public String dindHost() {
    return dind() + "." + namespace + ".svc";
  }

  public String registryHost() {
    return registry() + "." + namespace + ".svc:" + RegistrySpec.PORT;
  }
}
