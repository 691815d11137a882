package dev.runnerstack.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Starts the operator against Fabric8's mock server, as the mock-server tests share it. */
final class MockOperator {
  private MockOperator() {
  }

  static Operator start(KubernetesClient client, Clock clock, MeterRegistry registry) {
    Operator operator = new Operator(overrider -> overrider
        .withKubernetesClient(client)
        // The mock server returns 415 for a server-side-apply patch of the status subresource, and for applies
        // of generated objects, so both use merge patches here.
        .withUseSSAToPatchPrimaryResource(false)
        .checkingCRDAndValidateLocalModel(false)
        .withCloseClientOnStop(false));
    operator.register(new RunnerStackReconciler(clock, RunnerStackReconciler.CertificateManagerFactory.withClock(clock),
        new OperatorMetrics(registry), ObjectWriter.CREATE_AND_MERGE_PATCH));
    operator.start();
    return operator;
  }
}
