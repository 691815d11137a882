package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Forgejo Actions runner stack: the runner, a Docker-in-Docker daemon and a private registry, generated
 * hardened and kept converged by the operator.
 */
@Group(RunnerStack.GROUP)
@Version(RunnerStack.VERSION)
@Kind("RunnerStack")
@Plural("runnerstacks")
// "rs" is taken by ReplicaSet.
@ShortNames("rstack")
@ValidationRule(value = "self.metadata.name.size() <= 45",
    message = "metadata.name must be at most 45 characters, so that the names derived from it fit Kubernetes' limits")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Violations", jsonPath = ".status.violationCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RunnerStack extends CustomResource<RunnerStackSpec, RunnerStackStatus> implements Namespaced {
  public static final String GROUP = "runnerstack.dev";
  public static final String VERSION = "v1alpha1";

  @Override
  @JsonPropertyDescription("Desired state: the runner, DinD, the registry, the policy mode and network settings.")
  public RunnerStackSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state, written by the operator: conditions, violations, endpoints and "
      + "certificate expiry.")
  public RunnerStackStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected RunnerStackSpec initSpec() {
    return new RunnerStackSpec();
  }

  @Override
  protected RunnerStackStatus initStatus() {
    return new RunnerStackStatus();
  }
}
