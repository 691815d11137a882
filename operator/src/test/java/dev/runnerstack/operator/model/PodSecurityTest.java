package dev.runnerstack.operator.model;

import static dev.runnerstack.operator.model.GeneratedObjects.allContainers;
import static dev.runnerstack.operator.model.GeneratedObjects.deployments;
import static dev.runnerstack.operator.model.GeneratedObjects.orEmpty;
import static dev.runnerstack.operator.model.GeneratedObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.policy.PodSecurityChecks;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pod-level hardening of the Deployments that the examples generate. */
class PodSecurityTest {

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void runnerPodMeetsRestrictedProfile(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");

    PodSpec runner = pod(state, stack.getMetadata().getName() + "-runner");

    assertThat(PodSecurityChecks.restrictedProblems(runner)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void registryPodMeetsRestrictedProfile(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");

    PodSpec registry = pod(state, stack.getMetadata().getName() + "-registry");

    assertThat(PodSecurityChecks.restrictedProblems(registry)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void everyPodDisablesTokenAutomount(String example) {
    DesiredState state = ExampleStacks.build(example);

    assertThat(deployments(state)).hasSize(3);
    for (Deployment deployment : deployments(state)) {
      assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
          .as(deployment.getMetadata().getName())
          .isFalse();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void everyContainerHasRequestsAndLimits(String example) {
    DesiredState state = ExampleStacks.build(example);

    for (Deployment deployment : deployments(state)) {
      for (Container container : allContainers(deployment.getSpec().getTemplate().getSpec())) {
        String where = deployment.getMetadata().getName() + "/" + container.getName();
        ResourceRequirements resources = container.getResources();
        assertThat(resources).as(where).isNotNull();
        assertThat(resources.getRequests()).as(where + " requests").containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).as(where + " limits").containsKeys("cpu", "memory");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void noPodUsesHostPath(String example) {
    DesiredState state = ExampleStacks.build(example);

    for (Deployment deployment : deployments(state)) {
      List<Volume> volumes = orEmpty(deployment.getSpec().getTemplate().getSpec().getVolumes());
      assertThat(volumes).as(deployment.getMetadata().getName()).isNotEmpty();
      for (Volume volume : volumes) {
        assertThat(volume.getHostPath()).as(deployment.getMetadata().getName() + " volume " + volume.getName())
            .isNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void noPodSharesHostNamespaces(String example) {
    DesiredState state = ExampleStacks.build(example);

    for (Deployment deployment : deployments(state)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      String name = deployment.getMetadata().getName();
      assertThat(pod.getHostNetwork()).as(name + " hostNetwork").isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).as(name + " hostPID").isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostIPC()).as(name + " hostIPC").isNotEqualTo(Boolean.TRUE);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void secureExamplesUseNoHostPort(String example) {
    DesiredState state = ExampleStacks.build(example);

    assertThat(hostPorts(state)).isEmpty();
  }

  @Test
  void legacyPublishesOnlyDockerHostPort() {
    DesiredState state = ExampleStacks.build(ExampleStacks.LEGACY_AUDIT);

    assertThat(hostPorts(state)).containsExactly("legacy-dind/dind:2375");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void noPodMountsCaSecret(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");

    List<String> secrets = secretVolumeSources(state).map(SecretSource::secret).toList();

    assertThat(secrets).contains(stack.getSpec().getRunner().getRegistration().getSecretRef().getName());
    assertThat(secrets).doesNotContain(stack.getMetadata().getName() + "-ca");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void noSecretVolumeExposesCaKey(String example) {
    DesiredState state = ExampleStacks.build(example);

    List<String> keys = secretVolumeSources(state).flatMap(source -> source.items().stream())
        .map(KeyToPath::getKey)
        .toList();

    assertThat(keys).contains("token");
    assertThat(keys).doesNotContain("ca.key");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void secretVolumesListTheirItems(String example) {
    DesiredState state = ExampleStacks.build(example);

    // Without items a Secret volume exposes every key, ca.key included if the Secret ever held one.
    for (SecretSource source : secretVolumeSources(state).toList()) {
      assertThat(source.items()).as("items of Secret " + source.secret()).isNotEmpty();
    }
  }

  private static List<String> hostPorts(DesiredState state) {
    List<String> found = new ArrayList<>();
    for (Deployment deployment : deployments(state)) {
      for (Container container : allContainers(deployment.getSpec().getTemplate().getSpec())) {
        for (ContainerPort port : orEmpty(container.getPorts())) {
          if (port.getHostPort() != null && port.getHostPort() != 0) {
            found.add(deployment.getMetadata().getName() + "/" + container.getName() + ":" + port.getHostPort());
          }
        }
      }
    }
    return found;
  }

  private record SecretSource(String secret, List<KeyToPath> items) {
  }

  /** Returns every Secret that a pod mounts, from Secret volumes and from projected volumes. */
  private static Stream<SecretSource> secretVolumeSources(DesiredState state) {
    return deployments(state).stream()
        .flatMap(deployment -> orEmpty(deployment.getSpec().getTemplate().getSpec().getVolumes()).stream())
        .flatMap(PodSecurityTest::secretSources);
  }

  private static Stream<SecretSource> secretSources(Volume volume) {
    List<SecretSource> sources = new ArrayList<>();
    if (volume.getSecret() != null) {
      sources.add(new SecretSource(volume.getSecret().getSecretName(), orEmpty(volume.getSecret().getItems())));
    }
    if (volume.getProjected() != null) {
      for (VolumeProjection projection : orEmpty(volume.getProjected().getSources())) {
        if (projection.getSecret() != null) {
          sources.add(new SecretSource(projection.getSecret().getName(),
              orEmpty(projection.getSecret().getItems())));
        }
      }
    }
    return sources.stream();
  }
}
