package dev.runnerstack.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.ViolationStatus;
import dev.runnerstack.operator.e2e.LocalControlPlane.CommandResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End-to-end tests of what a user does, against a real control plane: install the chart with Helm, run the
 * operator under the chart's ServiceAccount, apply every example, wait for Ready, change, upgrade and delete.
 * kwok replaces the kubelets, so the stacks' pods become Running without running their images.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(LocalEnvironmentExtension.class)
class RunnerStackE2EIT {
  static final String OPERATOR_NAMESPACE = LocalEnvironment.OPERATOR_NAMESPACE;
  static final String RELEASE = LocalEnvironment.RELEASE;
  static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  static LocalEnvironment environment;
  static LocalControlPlane controlPlane;
  static KubernetesClient admin;
  static OperatorProcess operator;
  static Path chart;
  static Path workDir;

  @BeforeAll
  static void installChartAndStartOperator(LocalEnvironment localEnvironment) throws Exception {
    environment = localEnvironment;
    controlPlane = environment.controlPlane;
    admin = environment.admin;
    chart = environment.chart;
    workDir = environment.workDir;

    // A previous run's stacks and release are removed so that each run starts from the same state.
    for (String example : List.of("secure-default", "rootless-custom-ca", "legacy-audit", "schema")) {
      controlPlane.kubectl("delete", "namespace", "e2e-" + example, "--ignore-not-found", "--wait=true",
          "--timeout=120s");
    }
    environment.uninstallChart();
    environment.createPersistentVolumes();
    environment.installChartAndStartOperator();
    operator = environment.operator;
  }

  @AfterAll
  static void stopOperator() throws Exception {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void crdSchemaRejectsInvalidManifests() throws Exception {
    controlPlane.kubectl("create", "namespace", "e2e-schema");
    Path invalid = workDir.resolve("invalid-mode.yaml");
    Files.writeString(invalid, String.join("\n",
        "apiVersion: runnerstack.dev/v1alpha1",
        "kind: RunnerStack",
        "metadata: {name: bad, namespace: e2e-schema}",
        "spec:",
        "  runner:",
        "    instanceURL: https://forgejo.example.com",
        "    capacity: 0",
        "    registration: {secretRef: {name: token}}",
        "  dind: {mode: Sideways}",
        ""));
    CommandResult result = controlPlane.kubectl("apply", "-f", invalid.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("spec.dind.mode").contains("Sideways");
    assertThat(result.output()).contains("spec.runner.capacity");

    Path noUrl = workDir.resolve("invalid-url.yaml");
    Files.writeString(noUrl, String.join("\n",
        "apiVersion: runnerstack.dev/v1alpha1",
        "kind: RunnerStack",
        "metadata: {name: bad-url, namespace: e2e-schema}",
        "spec:",
        "  runner:",
        "    instanceURL: forgejo.example.com",
        "    registration: {secretRef: {name: token}}",
        ""));
    CommandResult url = controlPlane.kubectl("apply", "-f", noUrl.toString());
    assertThat(url.exitCode()).isNotZero();
    assertThat(url.output()).contains("spec.runner.instanceURL");
  }

  @Test
  @Order(2)
  void examplesReachReadyOrReportViolations() throws Exception {
    for (String example : List.of("secure-default", "rootless-custom-ca", "legacy-audit")) {
      String namespace = "e2e-" + example;
      controlPlane.kubectl("create", "namespace", namespace);
      CommandResult applied = controlPlane.kubectl("apply", "-n", namespace, "-f",
          "examples/" + example + ".yaml");
      assertThat(applied.exitCode()).as(applied.output()).isZero();
    }

    CommandResult wait = controlPlane.kubectl("wait", "-n", "e2e-secure-default", "--for=condition=Ready",
        "runnerstack/ci", "--timeout=" + READY_TIMEOUT.toSeconds() + "s");
    assertThat(wait.exitCode()).as(wait.output()).isZero();
    awaitReady("e2e-rootless-custom-ca", "internal");

    CommandResult list = controlPlane.kubectl("get", "runnerstacks", "-n", "e2e-secure-default");
    assertThat(list.output()).contains("READY").contains("VIOLATIONS").contains("ci");

    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      RunnerStack legacy = stack("e2e-legacy-audit", "legacy");
      assertThat(legacy.getStatus()).isNotNull();
      Set<String> rules = legacy.getStatus().getViolations().stream().map(ViolationStatus::getRule)
          .collect(Collectors.toSet());
      assertThat(rules).contains("RS-DIND-001", "RS-DIND-002", "RS-DIND-003", "RS-RUN-001", "RS-REG-001",
          "RS-REG-002", "RS-SEC-001");
    });
    RunnerStack secure = stack("e2e-secure-default", "ci");
    assertThat(secure.getStatus().getViolations()).extracting(ViolationStatus::getRule)
        .containsExactly("RS-DIND-004");
    assertThat(condition(secure, "PolicyCompliant").getStatus()).isEqualTo("False");
    assertThat(secure.getStatus().getObservedGeneration()).isEqualTo(secure.getMetadata().getGeneration());
  }

  @Test
  @Order(3)
  void reconcileOfUnchangedStackWritesNothing() throws Exception {
    long reconcilesBefore = reconcileCount();
    int logBefore = operator.logText().length();

    // A label change on the watched token Secret triggers a reconcile without changing anything the stack uses.
    CommandResult touched = controlPlane.kubectl("label", "secret", "forgejo-runner-token", "-n",
        "e2e-secure-default", "touched=" + System.nanoTime(), "--overwrite");
    assertThat(touched.exitCode()).as(touched.output()).isZero();
    await().atMost(Duration.ofMinutes(1)).until(() -> reconcileCount() > reconcilesBefore);
    Thread.sleep(2000);

    String logSince = operator.logText().substring(logBefore);
    assertThat(logSince).as("operator log after the reconcile").doesNotContain("Updated ").doesNotContain("Created ");
  }

  @Test
  @Order(3)
  void operatorRunsWithLeastPrivilege() throws Exception {
    String account = "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + environment.serviceAccount();
    assertThat(canI(account, "patch", "deployments.apps", "e2e-secure-default")).isTrue();
    assertThat(canI(account, "create", "networkpolicies.networking.k8s.io", "e2e-secure-default")).isTrue();
    assertThat(canI(account, "delete", "deployments.apps", "e2e-secure-default")).isFalse();
    assertThat(canI(account, "delete", "secrets", "e2e-secure-default")).isFalse();
    assertThat(canI(account, "create", "pods", "e2e-secure-default")).isFalse();
    assertThat(canI(account, "list", "nodes", "")).isFalse();
    assertThat(canI(account, "escalate", "clusterroles.rbac.authorization.k8s.io", "")).isFalse();
    assertThat(operator.logText()).doesNotContain("Forbidden");
  }

  @Test
  @Order(4)
  void changingStackUpdatesItsObjects() throws Exception {
    String namespace = "e2e-secure-default";
    Deployment before = admin.apps().deployments().inNamespace(namespace).withName("ci-runner").get();
    String checksumBefore = before.getSpec().getTemplate().getMetadata().getAnnotations()
        .get("runnerstack.dev/config-checksum");

    CommandResult patched = controlPlane.kubectl("patch", "runnerstack", "ci", "-n", namespace, "--type=merge",
        "-p", "{\"spec\":{\"runner\":{\"capacity\":3}}}");
    assertThat(patched.exitCode()).as(patched.output()).isZero();

    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      ConfigMap config = admin.configMaps().inNamespace(namespace).withName("ci-runner-config").get();
      assertThat(config.getData().get("config.yml")).contains("capacity: 3");
      Deployment after = admin.apps().deployments().inNamespace(namespace).withName("ci-runner").get();
      assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations()
          .get("runnerstack.dev/config-checksum")).isNotEqualTo(checksumBefore);
    });
    awaitReady(namespace, "ci");
  }

  @Test
  @Order(5)
  void chartUpgradeKeepsRunningStacks() throws Exception {
    String namespace = "e2e-secure-default";
    String dindUid = admin.apps().deployments().inNamespace(namespace).withName("ci-dind").get().getMetadata()
        .getUid();
    new Helm(chart).upgrade()
        .withName(RELEASE)
        .withNamespace(OPERATOR_NAMESPACE)
        .withKubeConfig(controlPlane.kubeconfig())
        .set("leaderElection.enabled", "true")
        .set("podAnnotations.upgraded", "yes")
        .call();
    awaitReady(namespace, "ci");
    assertThat(admin.apps().deployments().inNamespace(namespace).withName("ci-dind").get().getMetadata()
        .getUid()).isEqualTo(dindUid);
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("runnerstacks.runnerstack.dev")
        .get()).isNotNull();
  }

  @Test
  @Order(6)
  void metricsHaveBoundedLabels() throws Exception {
    String metrics = operator.metrics();
    assertThat(metrics).contains("runnerstack_policy_violations{rule=\"RS-DIND-004\",severity=\"Medium\"}");
    assertThat(metrics).contains("runnerstack_certificate_expiry_timestamp_seconds{certificate=\"ca\"}");
    assertThat(metrics).contains("runnerstack_reconcile_duration_seconds");
    // No series is labelled with a RunnerStack's name.
    assertThat(metrics).doesNotContain("name=\"ci\"").doesNotContain("\"e2e-secure-default\"");
  }

  @Test
  @Order(7)
  void deletingStackCollectsObjectsAndKeepsRegistryVolume() throws Exception {
    String namespace = "e2e-secure-default";
    CommandResult deleted = controlPlane.kubectl("delete", "runnerstack", "ci", "-n", namespace, "--wait=true");
    assertThat(deleted.exitCode()).as(deleted.output()).isZero();

    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      assertThat(admin.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(admin.services().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(admin.network().v1().networkPolicies().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(admin.secrets().inNamespace(namespace).withName("ci-ca").get()).isNull();
      assertThat(admin.persistentVolumeClaims().inNamespace(namespace).withName("ci-runner-data").get()).isNull();
    });
    assertThat(admin.persistentVolumeClaims().inNamespace(namespace).withName("ci-registry-data").get())
        .as("the registry's claim is retained by default").isNotNull();
  }

  // ---- helpers ----

  private static boolean canI(String user, String verb, String resource, String namespace) throws Exception {
    CommandResult result = namespace.isEmpty()
        ? controlPlane.kubectl("auth", "can-i", verb, resource, "--as=" + user)
        : controlPlane.kubectl("auth", "can-i", verb, resource, "-n", namespace, "--as=" + user);
    return result.output().strip().startsWith("yes");
  }

  /** Sums the operator's reconcile counters over all results, from its /metrics endpoint. */
  private static long reconcileCount() throws Exception {
    return operator.metrics().lines()
        .filter(line -> line.startsWith("runnerstack_reconcile_duration_seconds_count"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void awaitReady(String namespace, String name) {
    await().atMost(READY_TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(condition(stack(namespace, name), "Ready").getStatus()).isEqualTo("True"));
  }

  private static RunnerStack stack(String namespace, String name) {
    return admin.resources(RunnerStack.class).inNamespace(namespace).withName(name).get();
  }

  private static Condition condition(RunnerStack stack, String type) {
    assertThat(stack).isNotNull();
    assertThat(stack.getStatus()).as("status of %s", stack.getMetadata().getName()).isNotNull();
    return stack.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("condition " + type + " is missing"));
  }
}
