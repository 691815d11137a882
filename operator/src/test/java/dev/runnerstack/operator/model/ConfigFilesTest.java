package dev.runnerstack.operator.model;

import static dev.runnerstack.operator.model.GeneratedObjects.configData;
import static dev.runnerstack.operator.model.GeneratedObjects.container;
import static dev.runnerstack.operator.model.GeneratedObjects.envValue;
import static dev.runnerstack.operator.model.GeneratedObjects.mount;
import static dev.runnerstack.operator.model.GeneratedObjects.pod;
import static dev.runnerstack.operator.model.GeneratedObjects.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.DindSpec;
import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The runner's config.yml, DinD's daemon.json and the TLS settings around them. */
class ConfigFilesTest {

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void runnerVerifiesInstanceTls(String example) {
    RunnerStack stack = ExampleStacks.load(example);

    Map<String, Object> runner = section(runnerConfig(stack), "runner");

    assertThat(runner.get("insecure")).isEqualTo(false);
  }

  @Test
  void legacyRunnerSkipsTlsVerification() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.LEGACY_AUDIT);

    Map<String, Object> runner = section(runnerConfig(stack), "runner");

    assertThat(runner.get("insecure")).isEqualTo(true);
  }

  @Test
  void secureDefaultDockerHost() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);

    Map<String, Object> container = section(runnerConfig(stack), "container");

    assertThat(container.get("docker_host")).isEqualTo("tcp://ci-dind.ci-ns.svc:2376");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void dockerHostIsDindService(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String expected = "tcp://" + stack.getMetadata().getName() + "-dind.ci-ns.svc:2376";

    Map<String, Object> container = section(runnerConfig(stack), "container");

    assertThat(container.get("docker_host")).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void labelsEqualSpec(String example) {
    RunnerStack stack = ExampleStacks.load(example);

    Map<String, Object> runner = section(runnerConfig(stack), "runner");

    assertThat(runner.get("labels")).isEqualTo(stack.getSpec().getRunner().getLabels());
  }

  @Test
  void capacityComesFromSpec() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);

    Map<String, Object> runner = section(runnerConfig(stack), "runner");

    assertThat(runner.get("capacity")).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void runnerEnvEnablesDockerTls(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();
    Container runner = container(pod(StackModel.build(stack, "checksum"), name + "-runner"), "runner");

    assertThat(envValue(runner, "DOCKER_TLS_VERIFY")).isEqualTo("1");
    assertThat(envValue(runner, "DOCKER_CERT_PATH")).isEqualTo("/certs/client");
    assertThat(envValue(runner, "DOCKER_HOST")).isEqualTo("tcp://" + name + "-dind.ci-ns.svc:2376");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void clientCertificateMountIsReadOnly(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();
    PodSpec runnerPod = pod(StackModel.build(stack, "checksum"), name + "-runner");

    VolumeMount certificates = mount(container(runnerPod, "runner"), "dind-client-tls");
    Volume volume = volume(runnerPod, "dind-client-tls");

    assertThat(certificates.getMountPath()).isEqualTo("/certs/client");
    assertThat(certificates.getReadOnly()).isTrue();
    assertThat(volume.getSecret().getSecretName()).isEqualTo(name + "-dind-client-tls");
    assertThat(volume.getSecret().getItems()).extracting(KeyToPath::getPath)
        .containsExactlyInAnyOrder("ca.pem", "cert.pem", "key.pem");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void daemonJsonTrustsNoInsecureRegistry(String example) {
    RunnerStack stack = ExampleStacks.load(example);

    Map<String, Object> daemon = daemonJson(stack);

    assertThat(daemon).containsKey("log-driver");
    assertThat(daemon).doesNotContainKey("insecure-registries");
  }

  @Test
  void legacyDaemonTrustsPlainRegistry() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.LEGACY_AUDIT);

    Map<String, Object> daemon = daemonJson(stack);

    assertThat(daemon.get("insecure-registries")).isEqualTo(List.of("legacy-registry:5000",
        "legacy-registry.ci-ns:5000", "legacy-registry.ci-ns.svc:5000",
        "legacy-registry.ci-ns.svc.cluster.local:5000"));
  }

  @Test
  void daemonJsonListsRegistryMirrors() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.ROOTLESS_CUSTOM_CA);

    Map<String, Object> daemon = daemonJson(stack);

    assertThat(daemon.get("registry-mirrors")).isEqualTo(List.of("https://mirror.example.internal"));
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void dindTrustsRegistryCa(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();
    String registry = name + "-registry";
    PodSpec dindPod = pod(StackModel.build(stack, "checksum"), name + "-dind");

    Volume volume = volume(dindPod, "registry-ca");
    VolumeMount certsDir = mount(container(dindPod, "dind"), "registry-ca");

    assertThat(volume.getSecret().getSecretName()).isEqualTo(name + "-registry-tls");
    assertThat(volume.getSecret().getItems()).extracting(KeyToPath::getKey).containsOnly("ca.crt");
    assertThat(volume.getSecret().getItems()).extracting(KeyToPath::getPath).containsExactlyInAnyOrder(
        registry + ":5000/ca.crt",
        registry + ".ci-ns:5000/ca.crt",
        registry + ".ci-ns.svc:5000/ca.crt",
        registry + ".ci-ns.svc.cluster.local:5000/ca.crt");
    // The rootless image reads its configuration, certs.d included, from the user's home.
    assertThat(certsDir.getMountPath()).isEqualTo("/home/rootless/.config/docker/certs.d");
    assertThat(certsDir.getReadOnly()).isTrue();
  }

  @Test
  void privilegedDindUsesEtcDocker() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().setMode(DindSpec.Mode.Privileged);
    PodSpec dindPod = pod(StackModel.build(stack, "checksum"), "ci-dind");

    Container dind = container(dindPod, "dind");

    assertThat(mount(dind, "registry-ca").getMountPath()).isEqualTo("/etc/docker/certs.d");
    assertThat(mount(dind, "daemon-config").getMountPath()).isEqualTo("/etc/docker/daemon.json");
    assertThat(dind.getImage()).isEqualTo("docker.io/library/docker:28-dind");
  }

  @Test
  void instanceCaJoinsSystemRoots() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.ROOTLESS_CUSTOM_CA);
    PodSpec runnerPod = pod(StackModel.build(stack, "checksum"), "internal-runner");

    Container runner = container(runnerPod, "runner");
    Volume instanceCa = volume(runnerPod, "instance-ca");

    assertThat(envValue(runner, "SSL_CERT_DIR")).isEqualTo("/etc/ssl/certs:/etc/runnerstack/instance-ca");
    assertThat(mount(runner, "instance-ca").getMountPath()).isEqualTo("/etc/runnerstack/instance-ca");
    assertThat(mount(runner, "instance-ca").getReadOnly()).isTrue();
    assertThat(instanceCa.getConfigMap().getName()).isEqualTo("internal-ca");
    assertThat(instanceCa.getConfigMap().getItems()).extracting(KeyToPath::getKey).containsExactly("ca.crt");
  }

  private static String runnerConfig(RunnerStack stack) {
    DesiredState state = StackModel.build(stack, "checksum");
    return configData(state, stack.getMetadata().getName() + "-runner-config", "config.yml");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> daemonJson(RunnerStack stack) {
    DesiredState state = StackModel.build(stack, "checksum");
    String json = configData(state, stack.getMetadata().getName() + "-dind-config", "daemon.json");
    return Serialization.unmarshal(json, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(String yaml, String key) {
    Map<String, Object> config = Serialization.unmarshal(yaml, Map.class);
    assertThat(config).containsKey(key);
    return (Map<String, Object>) config.get(key);
  }
}
