package dev.runnerstack.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
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
  protected RunnerStackSpec initSpec() {
    return new RunnerStackSpec();
  }

  @Override
  protected RunnerStackStatus initStatus() {
    return new RunnerStackStatus();
  }
}
