package dev.runnerstack.operator.model;

import static dev.runnerstack.operator.model.GeneratedObjects.allContainers;
import static dev.runnerstack.operator.model.GeneratedObjects.container;
import static dev.runnerstack.operator.model.GeneratedObjects.deployments;
import static dev.runnerstack.operator.model.GeneratedObjects.mount;
import static dev.runnerstack.operator.model.GeneratedObjects.mountedVolumeNames;
import static dev.runnerstack.operator.model.GeneratedObjects.orEmpty;
import static dev.runnerstack.operator.model.GeneratedObjects.pod;
import static dev.runnerstack.operator.model.GeneratedObjects.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registration credential reaches only the register init container, and only as a file. */
class RegistrationSecretTest {

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void secureExamplesKeepTokenOutOfEnv(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");

    assertThat(envFromSecret(state, registrationSecretName(stack))).isEmpty();
  }

  @Test
  void legacyTokenEnvIsOnlyExtraEnv() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.LEGACY_AUDIT);
    DesiredState state = StackModel.build(stack, "checksum");

    // spec.runner.extraEnv goes to both runner containers, and the policy reports it as RS-SEC-001.
    assertThat(envFromSecret(state, "legacy-runner-token"))
        .containsExactlyInAnyOrder("register/FORGEJO_RUNNER_TOKEN", "runner/FORGEJO_RUNNER_TOKEN");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void tokenTextNotInCommandOrEnv(String example) {
    DesiredState state = ExampleStacks.build(example);
    String token = ExampleStacks.registrationSecret(example).getStringData().get("token");

    assertThat(token).isEqualTo("replace-with-a-registration-token");
    for (Container container : containers(state).toList()) {
      assertThat(orEmpty(container.getCommand())).as(container.getName() + " command")
          .noneMatch(part -> part.contains(token));
      assertThat(orEmpty(container.getArgs())).as(container.getName() + " args")
          .noneMatch(part -> part.contains(token));
      assertThat(orEmpty(container.getEnv())).as(container.getName() + " env")
          .extracting(EnvVar::getValue)
          .noneMatch(value -> value != null && value.contains(token));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void onlyRunnerPodHasRegistrationVolume(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");
    String secret = registrationSecretName(stack);

    List<String> volumes = new ArrayList<>();
    for (Deployment deployment : deployments(state)) {
      for (Volume volume : orEmpty(deployment.getSpec().getTemplate().getSpec().getVolumes())) {
        if (volume.getSecret() != null && secret.equals(volume.getSecret().getSecretName())) {
          volumes.add(deployment.getMetadata().getName() + "/" + volume.getName());
        }
      }
    }

    assertThat(volumes).containsExactly(stack.getMetadata().getName() + "-runner/registration");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void onlyRegisterMountsRegistration(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    PodSpec runnerPod = pod(StackModel.build(stack, "checksum"), stack.getMetadata().getName() + "-runner");

    List<String> mountedBy = GeneratedObjects.allContainers(runnerPod).stream()
        .filter(container -> mountedVolumeNames(container).contains("registration"))
        .map(Container::getName)
        .toList();

    assertThat(mountedBy).containsExactly("register");
    assertThat(runnerPod.getInitContainers()).extracting(Container::getName).containsExactly("register");
    assertThat(mountedVolumeNames(container(runnerPod, "runner"))).doesNotContain("registration");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void registerReadsTokenFromFile(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    PodSpec runnerPod = pod(StackModel.build(stack, "checksum"), stack.getMetadata().getName() + "-runner");
    Container register = container(runnerPod, "register");
    Volume registration = volume(runnerPod, "registration");

    assertThat(registration.getSecret().getItems()).hasSize(1);
    assertThat(registration.getSecret().getItems().get(0).getKey()).isEqualTo("token");
    assertThat(registration.getSecret().getItems().get(0).getPath()).isEqualTo("credential");
    assertThat(mount(register, "registration").getMountPath())
        .isEqualTo("/var/run/secrets/runnerstack/registration");
    assertThat(mount(register, "registration").getReadOnly()).isTrue();
    assertThat(String.join(" ", register.getCommand()))
        .contains("--token \"$(cat /var/run/secrets/runnerstack/registration/credential)\"");
  }

  private static String registrationSecretName(RunnerStack stack) {
    return stack.getSpec().getRunner().getRegistration().getSecretRef().getName();
  }

  private static Stream<Container> containers(DesiredState state) {
    return deployments(state).stream()
        .flatMap(deployment -> allContainers(deployment.getSpec().getTemplate().getSpec()).stream());
  }

  /** Returns container/variable for every variable whose value comes from the Secret. */
  private static List<String> envFromSecret(DesiredState state, String secret) {
    List<String> found = new ArrayList<>();
    for (Container container : containers(state).toList()) {
      for (EnvVar env : orEmpty(container.getEnv())) {
        boolean fromSecret = env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
            && Objects.equals(secret, env.getValueFrom().getSecretKeyRef().getName());
        if (fromSecret) {
          found.add(container.getName() + "/" + env.getName());
        }
      }
    }
    return found;
  }
}
