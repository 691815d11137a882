package dev.runnerstack.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runnerstack.operator.api.PolicySpec;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.ViolationStatus;
import dev.runnerstack.operator.model.StackLabels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconcile tests against the Fabric8 mock server in CRUD mode. The mock server runs no controllers, so
 * tests mark Deployments available themselves. Each test uses its own namespace.
 */
@EnableKubernetesMockClient(crud = true)
class RunnerStackReconcilerMockTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static Operator operator;
  private static SimpleMeterRegistry registry;

  @BeforeAll
  static void startOperator() {
    registry = new SimpleMeterRegistry();
    operator = MockOperator.start(client, Clock.systemUTC(), registry);
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void secureDefaultCreatesHardenedStack() {
    String namespace = "secure";
    apply("secure-default.yaml", namespace, null);

    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(3));
    assertThat(names(Secret.class, namespace)).contains("ci-ca", "ci-dind-server-tls", "ci-dind-client-tls",
        "ci-registry-tls");
    assertThat(names(ConfigMap.class, namespace)).contains("ci-runner-config", "ci-dind-config");
    assertThat(names(Service.class, namespace)).containsExactlyInAnyOrder("ci-dind", "ci-registry");
    assertThat(names(PersistentVolumeClaim.class, namespace)).containsExactlyInAnyOrder("ci-runner-data",
        "ci-registry-data");
    assertThat(names(NetworkPolicy.class, namespace)).containsExactlyInAnyOrder("ci-default-deny", "ci-dind",
        "ci-registry", "ci-runner");

    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
      RunnerStack stack = stack(namespace, "ci");
      assertThat(condition(stack, Conditions.READY).getReason()).isEqualTo("Progressing");
      assertThat(condition(stack, Conditions.POLICY_COMPLIANT).getStatus()).isEqualTo("False");
    });
    RunnerStack progressing = stack(namespace, "ci");
    assertThat(progressing.getStatus().getViolations()).extracting(ViolationStatus::getRule)
        .containsExactly("RS-DIND-004");
    assertThat(progressing.getStatus().getViolationCount()).isEqualTo(1);
    assertThat(progressing.getStatus().getEndpoints().getDockerHost()).isEqualTo("tcp://ci-dind.secure.svc:2376");
    assertThat(progressing.getStatus().getEndpoints().getRegistryHost()).isEqualTo("ci-registry.secure.svc:5000");
    assertThat(progressing.getStatus().getCertificates()).hasSize(4);
    assertThat(progressing.getStatus().getObservedGeneration()).isEqualTo(progressing.getMetadata().getGeneration());

    markDeploymentsAvailable(namespace);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.READY).getStatus()).isEqualTo("True"));
    RunnerStack ready = stack(namespace, "ci");
    assertThat(condition(ready, Conditions.RUNNER_READY).getStatus()).isEqualTo("True");
    assertThat(condition(ready, Conditions.DIND_READY).getStatus()).isEqualTo("True");
    assertThat(condition(ready, Conditions.REGISTRY_READY).getStatus()).isEqualTo("True");
    assertThat(condition(ready, Conditions.READY).getReason()).isEqualTo("StackReady");
  }

  @Test
  void rootlessCustomCaStackTrustsInstanceCa() {
    String namespace = "custom-ca";
    apply("rootless-custom-ca.yaml", namespace, null);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(3));

    Deployment runner = client.apps().deployments().inNamespace(namespace).withName("internal-runner").get();
    var pod = runner.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).anySatisfy(volume -> {
      assertThat(volume.getName()).isEqualTo("instance-ca");
      assertThat(volume.getConfigMap().getName()).isEqualTo("internal-ca");
    });
    assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(env -> {
      assertThat(env.getName()).isEqualTo("SSL_CERT_DIR");
      assertThat(env.getValue()).isEqualTo("/etc/ssl/certs:/etc/runnerstack/instance-ca");
    });
    ConfigMap daemon = client.configMaps().inNamespace(namespace).withName("internal-dind-config").get();
    assertThat(daemon.getData().get("daemon.json")).contains("https://mirror.example.internal");
    assertThat(daemon.getData().get("daemon.json")).doesNotContain("insecure-registries");

    markDeploymentsAvailable(namespace);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "internal"), Conditions.READY).getStatus()).isEqualTo("True"));
    assertThat(stack(namespace, "internal").getStatus().getViolations()).extracting(ViolationStatus::getRule)
        .containsExactly("RS-DIND-004");
  }

  @Test
  void missingCaConfigMapGivesCondition() {
    String namespace = "missing-ca";
    RunnerStack stack = Examples.stack("rootless-custom-ca.yaml");
    stack.getSpec().getRunner().getInstanceCA().getConfigMapRef().setName("no-such-ca");
    Examples.apply(client, "rootless-custom-ca.yaml", stack, namespace);

    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "internal"), Conditions.READY).getReason())
            .isEqualTo("InstanceCANotFound"));
    assertThat(condition(stack(namespace, "internal"), Conditions.READY).getMessage())
        .contains("no-such-ca", "spec.runner.instanceCA.configMapRef");
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void secondReconcileMakesNoWrite() {
    String namespace = "steady";
    apply("secure-default.yaml", namespace, null);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(3));
    markDeploymentsAvailable(namespace);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.READY).getStatus()).isEqualTo("True"));
    Secret ca = client.secrets().inNamespace(namespace).withName("ci-ca").get();

    // Let the reconciles caused by the operator's own writes finish, then count from a quiet point.
    awaitQuiet();
    List<RecordedRequest> before = drainRequests();
    assertThat(before).isNotEmpty();
    long reconciles = reconcileCount();

    // A label change on the token Secret triggers a reconcile without changing anything the stack uses.
    client.secrets().inNamespace(namespace).withName("forgejo-runner-token")
        .edit(secret -> {
          secret.getMetadata().getLabels().put("touched", "yes");
          return secret;
        });
    await().atMost(30, TimeUnit.SECONDS).until(() -> reconcileCount() > reconciles);
    awaitQuiet();

    List<String> writes = drainRequests().stream()
        .filter(request -> !request.getMethod().equals("GET"))
        .map(request -> request.getMethod() + " " + request.getPath())
        .filter(request -> !request.contains("/secrets/forgejo-runner-token"))
        .toList();
    assertThat(writes).isEmpty();
    assertThat(client.secrets().inNamespace(namespace).withName("ci-ca").get().getMetadata().getResourceVersion())
        .isEqualTo(ca.getMetadata().getResourceVersion());
  }

  @Test
  void legacyAuditStackDeploysAndReportsViolations() {
    String namespace = "legacy";
    apply("legacy-audit.yaml", namespace, null);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
      RunnerStack stack = stack(namespace, "legacy");
      assertThat(stack.getStatus()).isNotNull();
      assertThat(stack.getStatus().getViolations()).isNotEmpty();
    });
    RunnerStack stack = stack(namespace, "legacy");
    Set<String> rules = stack.getStatus().getViolations().stream().map(ViolationStatus::getRule)
        .collect(Collectors.toSet());
    assertThat(rules).contains("RS-DIND-001", "RS-DIND-002", "RS-DIND-003", "RS-RUN-001", "RS-REG-001",
        "RS-REG-002", "RS-SEC-001");
    assertThat(condition(stack, Conditions.POLICY_COMPLIANT).getReason()).isEqualTo("ViolationsFound");
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(3));
    Service dind = client.services().inNamespace(namespace).withName("legacy-dind").get();
    assertThat(dind.getSpec().getPorts()).extracting(port -> port.getPort()).containsExactly(2375);
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .extracting(event -> event.getReason()).contains("PolicyViolation");
  }

  @Test
  void enforceModeBlocksCriticalStack() {
    String namespace = "enforce";
    apply("legacy-audit.yaml", namespace, PolicySpec.Mode.Enforce);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "legacy"), Conditions.READY).getReason()).isEqualTo("PolicyViolation"));
    RunnerStack stack = stack(namespace, "legacy");
    assertThat(condition(stack, Conditions.READY).getMessage()).contains("RS-DIND-001", "spec.policy.mode");
    assertThat(condition(stack, Conditions.POLICY_COMPLIANT).getReason()).isEqualTo("CriticalViolationsBlocked");
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(names(Secret.class, namespace)).containsExactly("legacy-runner-token");
    assertThat(names(Service.class, namespace)).isEmpty();
    assertThat(names(NetworkPolicy.class, namespace)).isEmpty();
  }

  @Test
  void missingTokenSecretGivesConditionThenConverges() {
    String namespace = "token";
    apply("secure-default.yaml", namespace, null);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(3));
    Secret token = client.secrets().inNamespace(namespace).withName("forgejo-runner-token").get();

    client.secrets().inNamespace(namespace).withName("forgejo-runner-token").delete();
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.READY).getReason())
            .isEqualTo("TokenSecretNotFound"));
    Condition ready = condition(stack(namespace, "ci"), Conditions.READY);
    assertThat(ready.getMessage()).contains("forgejo-runner-token", "spec.runner.registration.secretRef",
        StackLabels.WATCH);
    // Nothing that was running is torn down because of the missing input.
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(3);

    token.getMetadata().setResourceVersion(null);
    token.getMetadata().setUid(null);
    client.resource(token).create();
    markDeploymentsAvailable(namespace);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.READY).getStatus()).isEqualTo("True"));
  }

  @Test
  void invalidSpecNamesFieldAndCreatesNothing() {
    String namespace = "invalid";
    for (HasMetadata object : Examples.supportingObjects("secure-default.yaml")) {
      object.getMetadata().setNamespace(namespace);
      client.resource(object).create();
    }
    RunnerStack stack = Examples.stack("secure-default.yaml");
    stack.getMetadata().setNamespace(namespace);
    stack.getSpec().getRunner().setInstanceURL("ftp://forgejo.example.com");
    stack.getSpec().getRunner().setImage("Not An Image!");
    client.resource(stack).create();

    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.READY).getReason()).isEqualTo("InvalidSpec"));
    String message = condition(stack(namespace, "ci"), Conditions.READY).getMessage();
    assertThat(message).contains("spec.runner.instanceURL");
    assertThat(message).contains("spec.runner.image");
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void lastTransitionTimeKeptWhileStatusUnchanged() throws InterruptedException {
    String namespace = "transition";
    apply("secure-default.yaml", namespace, null);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.POLICY_COMPLIANT)).isNotNull());
    String first = condition(stack(namespace, "ci"), Conditions.POLICY_COMPLIANT).getLastTransitionTime();
    String readyBefore = condition(stack(namespace, "ci"), Conditions.READY).getLastTransitionTime();

    // Timestamps have whole seconds, so without the pause a reset time could equal the old one.
    Thread.sleep(1100);
    markDeploymentsAvailable(namespace);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(condition(stack(namespace, "ci"), Conditions.READY).getStatus()).isEqualTo("True"));
    assertThat(condition(stack(namespace, "ci"), Conditions.POLICY_COMPLIANT).getLastTransitionTime())
        .isEqualTo(first);
    assertThat(condition(stack(namespace, "ci"), Conditions.READY).getLastTransitionTime())
        .as("Ready flipped, so its time moves").isNotEqualTo(readyBefore);
  }

  // ---- helpers ----

  private static void apply(String example, String namespace, PolicySpec.Mode mode) {
    RunnerStack stack = Examples.stack(example);
    if (mode != null) {
      stack.getSpec().getPolicy().setMode(mode);
    }
    Examples.apply(client, example, stack, namespace);
  }

  private static RunnerStack stack(String namespace, String name) {
    return client.resources(RunnerStack.class).inNamespace(namespace).withName(name).get();
  }

  /** Returns the condition, failing the assertion (so that await retries) while it does not exist yet. */
  private static Condition condition(RunnerStack stack, String type) {
    assertThat(stack.getStatus()).as("status of " + stack.getMetadata().getName()).isNotNull();
    return stack.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("condition " + type + " is missing"));
  }

  private static <T extends HasMetadata> List<String> names(Class<T> type, String namespace) {
    return client.resources(type).inNamespace(namespace).list().getItems().stream()
        .map(object -> object.getMetadata().getName()).toList();
  }

  /** Plays the Deployment controller's part: reports each Deployment's pod as updated and available. */
  private static void markDeploymentsAvailable(String namespace) {
    for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      deployment.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(deployment.getMetadata().getGeneration())
          .withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).withUpdatedReplicas(1)
          .build());
      client.resource(deployment).updateStatus();
    }
  }

  private static long reconcileCount() {
    return registry.find("runnerstack_reconcile_duration_seconds").timers().stream()
        .mapToLong(Timer::count).sum();
  }

  /** Waits until no reconcile has run for a second. */
  private static void awaitQuiet() {
    long[] last = {-1};
    await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).until(() -> {
      long now = reconcileCount();
      boolean quiet = now == last[0];
      last[0] = now;
      return quiet;
    });
  }

  private static List<RecordedRequest> drainRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }
}
