package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Desired state of a runner stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerStackSpec {
  @Required
  @JsonPropertyDescription("The Forgejo Actions runner: image, instance, labels, capacity and registration.")
  private RunnerSpec runner = new RunnerSpec();

  @JsonPropertyDescription("The Docker-in-Docker daemon that runs the jobs' containers.")
  private DindSpec dind = new DindSpec();

  @JsonPropertyDescription("The private container registry that DinD and the runner use over TLS.")
  private RegistrySpec registry = new RegistrySpec();

  @JsonPropertyDescription("How security policy violations are handled: blocked (Enforce) or only reported (Audit).")
  private PolicySpec policy = new PolicySpec();

  @JsonPropertyDescription("Cluster network settings that the generated NetworkPolicies use.")
  private NetworkSpec network = new NetworkSpec();

  public RunnerSpec getRunner() {
    return runner;
  }

  public void setRunner(RunnerSpec runner) {
    this.runner = runner;
  }

  public DindSpec getDind() {
    return dind;
  }

  public void setDind(DindSpec dind) {
    this.dind = dind;
  }

  public RegistrySpec getRegistry() {
    return registry;
  }

  public void setRegistry(RegistrySpec registry) {
    this.registry = registry;
  }

  public PolicySpec getPolicy() {
    return policy;
  }

  public void setPolicy(PolicySpec policy) {
    this.policy = policy;
  }

  public NetworkSpec getNetwork() {
    return network;
  }

  public void setNetwork(NetworkSpec network) {
    this.network = network;
  }
}
