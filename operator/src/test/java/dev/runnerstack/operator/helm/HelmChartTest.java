package dev.runnerstack.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints and renders helm/runnerstack-operator through helm-java, which runs Helm's own Go code as a native
 * library, and checks the rendered objects: Pod Security "restricted", probes, exact RBAC, namespaced mode,
 * the optional ServiceMonitor, the image reference and the values schema.
 */
class HelmChartTest {
  static final String RELEASE = "rs";
  static final String KUBE_VERSION = "v1.31.0";
  static final String RELEASE_NAMESPACE = "runnerstack-system";
  static final String FULLNAME = "rs-runnerstack-operator";
  static final String LEADER_ELECTION_ROLE = FULLNAME + "-leader-election";
  static final String CRD_FILE = "runnerstacks.runnerstack.dev-v1.yml";
  static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  static final String IMAGE_REPOSITORY = "example.com/runnerstack/runnerstack-operator";

  /** Every value that differs from values.yaml in the non-default rendering. */
  static final String NON_DEFAULT_VALUES = """
      replicaCount: 2
      watchNamespaces: [team-a, team-b]
      image:
        repository: %s
        digest: %s
      serviceMonitor:
        enabled: true
        interval: 15s
        labels:
          release: prometheus
      """.formatted(IMAGE_REPOSITORY, DIGEST);

  /** Permissions the operator uses in the namespaces it watches, as (apiGroup, resource, verb). */
  static final Set<Permission> OPERATOR_PERMISSIONS = permissions(
      rule("runnerstack.dev", List.of("runnerstacks"), "get", "list", "watch"),
      rule("runnerstack.dev", List.of("runnerstacks/status"), "get", "patch", "update"),
      rule("runnerstack.dev", List.of("runnerstacks/finalizers"), "update"),
      rule("", List.of("secrets", "configmaps", "services", "persistentvolumeclaims"),
          "get", "list", "watch", "create", "patch"),
      rule("apps", List.of("deployments"), "get", "list", "watch", "create", "patch"),
      rule("networking.k8s.io", List.of("networkpolicies"), "get", "list", "watch", "create", "patch"),
      rule("", List.of("events"), "create", "patch"));

  static final Set<Permission> LEADER_ELECTION_PERMISSIONS = permissions(
      rule("coordination.k8s.io", List.of("leases"), "get", "create", "update", "patch"));

  @TempDir
  static Path tempDir;

  static Path projectRoot;
  static Path chartDir;
  static List<HasMetadata> defaultObjects;
  static List<HasMetadata> nonDefaultObjects;

  @BeforeAll
  static void renderChart() {
    projectRoot = Path.of(System.getProperty("runnerstack.projectRoot", "..")).toAbsolutePath().normalize();
    chartDir = projectRoot.resolve("helm/runnerstack-operator");
    defaultObjects = render(null);
    nonDefaultObjects = render(NON_DEFAULT_VALUES);
  }

  static Stream<String> valueSets() {
    return Stream.of("defaults", "non-default");
  }

  static List<HasMetadata> objects(String valueSet) {
    return valueSet.equals("defaults") ? defaultObjects : nonDefaultObjects;
  }

  // --- helm lint ---

  @Test
  void lintPassesWithDefaults() {
    LintResult result = new Helm(chartDir).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void lintPassesWithNonDefaultValues() {
    LintResult result = new Helm(chartWithValues(NON_DEFAULT_VALUES)).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void lintRejectsValueOfWrongType() {
    LintResult result = new Helm(chartWithValues("replicaCount: two\n")).lint().call();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("replicaCount");
  }

  // --- values schema and template checks ---

  @Test
  void templateRejectsStringReplicaCount() {
    assertThatThrownBy(() -> render("replicaCount: \"two\"\n"))
        .hasMessageContaining("replicaCount")
        .hasMessageContaining("integer");
  }

  @Test
  void templateRejectsUnknownTopLevelKey() {
    assertThatThrownBy(() -> render("replicas: 2\n"))
        .hasMessageContaining("replicas");
  }

  @Test
  void templateRejectsMalformedDigest() {
    assertThatThrownBy(() -> render("image:\n  digest: sha256:abc\n"))
        .hasMessageContaining("digest");
  }

  @Test
  void templateRejectsPrivilegedHttpPort() {
    assertThatThrownBy(() -> render("httpPort: 80\n"))
        .hasMessageContaining("httpPort");
  }

  @Test
  void templateRejectsReplicasWithoutLeaderElection() {
    assertThatThrownBy(() -> render("replicaCount: 2\nleaderElection:\n  enabled: false\n"))
        .hasMessageContaining("leaderElection.enabled");
  }

  // --- CRD ---

  @Test
  void chartCrdIsCopyOfTopLevelCrd() throws IOException {
    Path topLevel = projectRoot.resolve("crds").resolve(CRD_FILE);
    Path inChart = chartDir.resolve("crds").resolve(CRD_FILE);

    assertThat(Files.mismatch(topLevel, inChart))
        .as("%s differs from %s: run hack/update-crds.sh", inChart, topLevel)
        .isEqualTo(-1L);
  }

  @Test
  void chartCrdDefinesRunnerStack() throws IOException {
    // helm template leaves crds/ out (helm-java has no --include-crds), so the file is read directly.
    CustomResourceDefinition crd = Serialization.unmarshal(
        Files.readString(chartDir.resolve("crds").resolve(CRD_FILE), StandardCharsets.UTF_8),
        CustomResourceDefinition.class);

    assertThat(crd.getMetadata().getName()).isEqualTo("runnerstacks.runnerstack.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("RunnerStack");
  }

  // --- Deployment ---

  @ParameterizedTest
  @MethodSource("valueSets")
  void deploymentMeetsRestrictedPodSecurity(String valueSet) {
    PodSpec pod = single(objects(valueSet), Deployment.class).getSpec().getTemplate().getSpec();
    PodSecurityContext podSecurity = pod.getSecurityContext();

    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(65532L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getContainers()).hasSize(1);

    SecurityContext container = pod.getContainers().get(0).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getRunAsUser()).isEqualTo(65532L);
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isEmpty();
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void deploymentMountsEmptyDirAtTmp(String valueSet) {
    PodSpec pod = single(objects(valueSet), Deployment.class).getSpec().getTemplate().getSpec();
    VolumeMount tmpMount = pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(mount -> mount.getMountPath().equals("/tmp"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounted at /tmp"));
    Volume tmpVolume = pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(tmpMount.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume named " + tmpMount.getName()));

    assertThat(tmpVolume.getEmptyDir()).isNotNull();
    assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void deploymentProbesHealthEndpoints(String valueSet) {
    Container container = operatorContainer(objects(valueSet));

    assertThat(container.getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getContainerPort()).isEqualTo(8080);
    });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void deploymentHasResourceRequestsAndLimits() {
    Container container = operatorContainer(defaultObjects);

    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void deploymentRunsOperatorWithDefaultEnv() {
    Deployment deployment = single(defaultObjects, Deployment.class);
    Container container = operatorContainer(defaultObjects);
    Map<String, EnvVar> env = envByName(container);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(container.getArgs()).containsExactly("run");
    assertThat(container.getCommand()).as("the image's entrypoint starts the JVM").isEmpty();
    assertThat(env.get("WATCH_NAMESPACES").getValue()).isEmpty();
    assertThat(env.get("LEADER_ELECTION").getValue()).isEqualTo("true");
    assertThat(env.get("HTTP_PORT").getValue()).isEqualTo("8080");
    assertThat(env.get("LEASE_NAME").getValue()).isEqualTo(FULLNAME);
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void deploymentEnvFollowsValues() {
    Map<String, EnvVar> env = envByName(operatorContainer(render("""
        watchNamespaces: [team-a, team-b]
        leaderElection:
          enabled: false
          leaseName: custom-lease
        httpPort: 9090
        """)));

    assertThat(env.get("WATCH_NAMESPACES").getValue()).isEqualTo("team-a,team-b");
    assertThat(env.get("LEADER_ELECTION").getValue()).isEqualTo("false");
    assertThat(env.get("HTTP_PORT").getValue()).isEqualTo("9090");
    assertThat(env.get("LEASE_NAME").getValue()).isEqualTo("custom-lease");
  }

  @Test
  void deploymentHasNonDefaultReplicas() {
    assertThat(single(nonDefaultObjects, Deployment.class).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void deploymentTakesSchedulingFromValues() {
    List<HasMetadata> objects = render("""
        nodeSelector:
          kubernetes.io/os: linux
        tolerations:
          - key: dedicated
            operator: Equal
            value: operators
            effect: NoSchedule
        podAnnotations:
          example.com/team: platform
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - key: kubernetes.io/arch
                      operator: In
                      values: [amd64]
        """);
    Deployment deployment = single(objects, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).singleElement()
        .satisfies(toleration -> assertThat(toleration.getValue()).isEqualTo("operators"));
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/team", "platform");
  }

  @Test
  void imageUsesAppVersionTagByDefault() {
    Container container = operatorContainer(defaultObjects);

    assertThat(container.getImage()).isEqualTo("runnerstack-operator:0.1.0");
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void imageUsesDigestWhenSet() {
    assertThat(operatorContainer(nonDefaultObjects).getImage()).isEqualTo(IMAGE_REPOSITORY + "@" + DIGEST);
  }

  @Test
  void serviceAccountTokenMountedOnlyInOperatorPod() {
    ServiceAccount serviceAccount = single(defaultObjects, ServiceAccount.class);
    PodSpec pod = single(defaultObjects, Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(serviceAccount.getMetadata().getName()).isEqualTo(FULLNAME);
    assertThat(serviceAccount.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
  }

  // --- RBAC ---

  @Test
  void defaultsGrantClusterRole() {
    ClusterRole clusterRole = single(defaultObjects, ClusterRole.class);
    ClusterRoleBinding binding = single(defaultObjects, ClusterRoleBinding.class);

    assertThat(permissionsOf(clusterRole.getRules())).isEqualTo(OPERATOR_PERMISSIONS);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(this::isOperatorServiceAccount);
  }

  @Test
  void defaultsHaveOnlyLeaderElectionRole() {
    assertThat(all(defaultObjects, Role.class))
        .extracting(role -> role.getMetadata().getName())
        .containsExactly(LEADER_ELECTION_ROLE);
    assertThat(all(defaultObjects, RoleBinding.class))
        .extracting(binding -> binding.getMetadata().getName())
        .containsExactly(LEADER_ELECTION_ROLE);
  }

  @Test
  void watchNamespacesGrantRolePerNamespace() {
    List<Role> operatorRoles = all(nonDefaultObjects, Role.class).stream()
        .filter(role -> !role.getMetadata().getName().equals(LEADER_ELECTION_ROLE))
        .toList();
    List<RoleBinding> operatorBindings = all(nonDefaultObjects, RoleBinding.class).stream()
        .filter(binding -> !binding.getMetadata().getName().equals(LEADER_ELECTION_ROLE))
        .toList();

    assertThat(operatorRoles)
        .extracting(role -> role.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(operatorRoles)
        .allSatisfy(role -> assertThat(permissionsOf(role.getRules())).isEqualTo(OPERATOR_PERMISSIONS));
    assertThat(operatorBindings)
        .extracting(binding -> binding.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(operatorBindings).allSatisfy(binding -> {
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
      assertThat(binding.getSubjects()).singleElement().satisfies(this::isOperatorServiceAccount);
    });
  }

  @Test
  void watchNamespacesGrantNoClusterAccess() {
    assertThat(all(nonDefaultObjects, ClusterRole.class)).isEmpty();
    assertThat(all(nonDefaultObjects, ClusterRoleBinding.class)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void leaderElectionRoleInReleaseNamespace(String valueSet) {
    Role role = named(all(objects(valueSet), Role.class), LEADER_ELECTION_ROLE);
    RoleBinding binding = named(all(objects(valueSet), RoleBinding.class), LEADER_ELECTION_ROLE);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
    assertThat(permissionsOf(role.getRules())).isEqualTo(LEADER_ELECTION_PERMISSIONS);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
    assertThat(binding.getRoleRef().getName()).isEqualTo(LEADER_ELECTION_ROLE);
    assertThat(binding.getSubjects()).singleElement().satisfies(this::isOperatorServiceAccount);
  }

  @Test
  void leaderElectionDisabledHasNoLeaseRole() {
    List<HasMetadata> objects = render("leaderElection:\n  enabled: false\n");

    assertThat(all(objects, Role.class)).isEmpty();
    assertThat(all(objects, RoleBinding.class)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void rbacHasNoWildcards(String valueSet) {
    List<PolicyRule> rules = new ArrayList<>();
    all(objects(valueSet), ClusterRole.class).forEach(role -> rules.addAll(role.getRules()));
    all(objects(valueSet), Role.class).forEach(role -> rules.addAll(role.getRules()));

    assertThat(rules).isNotEmpty();
    assertThat(rules).allSatisfy(rule -> {
      assertThat(rule.getVerbs()).doesNotContain("*");
      assertThat(rule.getResources()).doesNotContain("*");
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getResourceNames()).isEmpty();
      assertThat(rule.getNonResourceURLs()).isEmpty();
    });
  }

  // --- Service and ServiceMonitor ---

  @Test
  void metricsServiceTargetsHttpPort() {
    Service service = single(defaultObjects, Service.class);
    Deployment deployment = single(defaultObjects, Deployment.class);

    assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("http");
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void serviceMonitorAbsentByDefault() {
    assertThat(defaultObjects).noneMatch(object -> object.getKind().equals("ServiceMonitor"));
  }

  @Test
  void serviceMonitorPresentWhenEnabled() {
    GenericKubernetesResource monitor = nonDefaultObjects.stream()
        .filter(object -> object.getKind().equals("ServiceMonitor"))
        .map(GenericKubernetesResource.class::cast)
        .collect(singleton("ServiceMonitor"));
    Service service = single(nonDefaultObjects, Service.class);

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, String> matchLabels = monitor.get("spec", "selector", "matchLabels");
    assertThat(matchLabels).isNotEmpty();
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(matchLabels);
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints).singleElement().satisfies(endpoint -> {
      assertThat(endpoint).containsEntry("port", "http");
      assertThat(endpoint).containsEntry("path", "/metrics");
      assertThat(endpoint).containsEntry("interval", "15s");
    });
  }

  // --- labels and notes ---

  @ParameterizedTest
  @MethodSource("valueSets")
  void objectsCarryStandardLabels(String valueSet) {
    List<HasMetadata> chartObjects = objects(valueSet).stream()
        .filter(object -> !(object instanceof CustomResourceDefinition))
        .toList();

    assertThat(chartObjects).isNotEmpty();
    assertThat(chartObjects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
        .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
        .containsEntry("app.kubernetes.io/name", "runnerstack-operator")
        .containsEntry("app.kubernetes.io/instance", RELEASE)
        .containsEntry("app.kubernetes.io/version", "0.1.0")
        .containsEntry("app.kubernetes.io/component", "operator")
        .containsEntry("app.kubernetes.io/part-of", "runnerstack")
        .containsEntry("app.kubernetes.io/managed-by", "Helm")
        .containsEntry("helm.sh/chart", "runnerstack-operator-0.1.0"));
  }

  @Test
  void notesListNextCommands() throws IOException {
    String notes = Files.readString(chartDir.resolve("templates/NOTES.txt"), StandardCharsets.UTF_8);

    assertThat(notes).contains("kubectl get crd runnerstacks.runnerstack.dev");
    assertThat(notes).contains("-f examples/secure-default.yaml");
    assertThat(notes).contains("kubectl get runnerstacks");
    assertThat(notes).contains("--for=condition=Ready runnerstack/ci --timeout=5m");
  }

  // --- helpers ---

  /**
   * Runs {@code helm template} on the chart, with the given YAML as an extra values file when it is not
   * null, and parses every rendered document.
   */
  static List<HasMetadata> render(String valuesYaml) {
    // Without a cluster, helm-java's native Helm assumes Kubernetes v1.20.0, which the chart's kubeVersion
    // (>=1.25) rejects, so the template step sets a supported version.
    var template = new Helm(chartDir).template()
        .withName(RELEASE)
        .withNamespace(RELEASE_NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    if (valuesYaml != null) {
      template = template.withValuesFile(writeTempFile("values-", valuesYaml));
    }
    return parse(template.call());
  }

  static List<HasMetadata> parse(String manifests) {
    Object parsed = Serialization.unmarshal(manifests);
    // Fabric8 returns a List for several YAML documents and the object itself for one.
    if (parsed instanceof List<?> documents) {
      return documents.stream().map(HasMetadata.class::cast).toList();
    }
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    return List.of((HasMetadata) parsed);
  }

  /**
   * Copies the chart to a temporary folder and merges the given YAML into its values.yaml. {@code helm lint}
   * reads only the chart's own values.yaml, because helm-java's lint command takes no values files.
   */
  @SuppressWarnings("unchecked")
  static Path chartWithValues(String overridesYaml) {
    try {
      Path copy = Files.createTempDirectory(tempDir, "chart-").resolve("runnerstack-operator");
      try (Stream<Path> files = Files.walk(chartDir)) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(chartDir.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      Map<String, Object> values = Serialization.unmarshal(
          Files.readString(chartDir.resolve("values.yaml"), StandardCharsets.UTF_8), Map.class);
      Map<String, Object> overrides = Serialization.unmarshal(overridesYaml, Map.class);
      Files.writeString(copy.resolve("values.yaml"), Serialization.asYaml(merge(values, overrides)));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deep-merges overrides into base, as Helm merges a values file into the chart's values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    overrides.forEach((key, value) -> {
      if (value instanceof Map<?, ?> nested && merged.get(key) instanceof Map<?, ?> existing) {
        merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) nested));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  static Path writeTempFile(String prefix, String content) {
    try {
      Path file = Files.createTempFile(tempDir, prefix, ".yaml");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> type) {
    return all(objects, type).stream().collect(singleton(type.getSimpleName()));
  }

  static <T extends HasMetadata> T named(List<T> objects, String name) {
    return objects.stream()
        .filter(object -> object.getMetadata().getName().equals(name))
        .collect(singleton(name));
  }

  static <T> Collector<T, ?, T> singleton(String description) {
    return Collectors.collectingAndThen(Collectors.toList(), list -> {
      if (list.size() != 1) {
        throw new AssertionError("expected exactly one " + description + ", found " + list.size());
      }
      return list.get(0);
    });
  }

  static Container operatorContainer(List<HasMetadata> objects) {
    return single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, EnvVar> envByName(Container container) {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    container.getEnv().forEach(variable -> env.put(variable.getName(), variable));
    assertThat(env).containsOnlyKeys("WATCH_NAMESPACES", "LEADER_ELECTION", "POD_NAMESPACE", "LEASE_NAME",
        "HTTP_PORT");
    return env;
  }

  void isOperatorServiceAccount(Subject subject) {
    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
    assertThat(subject.getName()).isEqualTo(FULLNAME);
    assertThat(subject.getNamespace()).isEqualTo(RELEASE_NAMESPACE);
  }

  /** One permission that an RBAC rule grants, so rules can be compared however they are grouped. */
  record Permission(String apiGroup, String resource, String verb) {
  }

  static PolicyRule rule(String apiGroup, List<String> resources, String... verbs) {
    PolicyRule rule = new PolicyRule();
    rule.setApiGroups(List.of(apiGroup));
    rule.setResources(resources);
    rule.setVerbs(List.of(verbs));
    return rule;
  }

  static Set<Permission> permissions(PolicyRule... rules) {
    return permissionsOf(List.of(rules));
  }

  static Set<Permission> permissionsOf(List<PolicyRule> rules) {
    Set<Permission> permissions = new HashSet<>();
    for (PolicyRule rule : rules) {
      for (String apiGroup : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(new Permission(apiGroup, resource, verb));
          }
        }
      }
    }
    return permissions;
  }
}
