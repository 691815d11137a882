package dev.runnerstack.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.model.ExampleStacks;
import dev.runnerstack.operator.model.GeneratedObjects;
import dev.runnerstack.operator.model.StackModel;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restricted-profile check reports each weakness of a pod, so a clean result means something. */
class PodSecurityChecksTest {

  @Test
  void privilegedDindFailsProfile() {
    PodSpec dind = pod(ExampleStacks.LEGACY_AUDIT, "legacy-dind");

    List<String> problems = PodSecurityChecks.restrictedProblems(dind);

    assertThat(problems).contains("container dind is privileged");
    assertThat(problems).contains("container dind does not set runAsNonRoot: true");
    assertThat(problems).contains("container dind uses hostPort 2375");
    assertThat(problems).contains("container dind has a writable root filesystem");
  }

  @Test
  void rootlessDindIsStillPrivileged() {
    PodSpec dind = pod(ExampleStacks.SECURE_DEFAULT, "ci-dind");

    List<String> problems = PodSecurityChecks.restrictedProblems(dind);

    assertThat(problems).contains("container dind is privileged");
    assertThat(problems).doesNotContain("container dind does not set runAsNonRoot: true");
  }

  @Test
  void hostNamespacesAreReported() {
    PodSpec runner = new PodSpecBuilder(pod(ExampleStacks.SECURE_DEFAULT, "ci-runner"))
        .withHostNetwork(true)
        .build();

    assertThat(PodSecurityChecks.restrictedProblems(runner))
        .containsExactly("the pod shares a host namespace (hostNetwork, hostPID or hostIPC)");
  }

  @Test
  void tokenAutomountIsReported() {
    PodSpec runner = new PodSpecBuilder(pod(ExampleStacks.SECURE_DEFAULT, "ci-runner"))
        .withAutomountServiceAccountToken(null)
        .build();

    assertThat(PodSecurityChecks.restrictedProblems(runner))
        .containsExactly("the pod mounts a service account token (set automountServiceAccountToken: false)");
  }

  @Test
  void hostPathIsReported() {
    PodSpec registry = new PodSpecBuilder(pod(ExampleStacks.SECURE_DEFAULT, "ci-registry"))
        .addToVolumes(new VolumeBuilder().withName("docker-socket").withNewHostPath()
            .withPath("/var/run/docker.sock").endHostPath().build())
        .build();

    assertThat(PodSecurityChecks.restrictedProblems(registry)).containsExactly("volume docker-socket is a hostPath");
  }

  @Test
  void missingLimitsAreReported() {
    PodSpec registry = new PodSpecBuilder(pod(ExampleStacks.SECURE_DEFAULT, "ci-registry"))
        .editFirstContainer().withNewResources().addToRequests("cpu", new Quantity("100m")).endResources()
        .endContainer()
        .build();

    assertThat(PodSecurityChecks.restrictedProblems(registry))
        .containsExactly("container registry lacks resource requests or limits");
  }

  @Test
  void initContainerIsChecked() {
    PodSpec runner = new PodSpecBuilder(pod(ExampleStacks.SECURE_DEFAULT, "ci-runner"))
        .editFirstInitContainer().editSecurityContext().withPrivileged(true).endSecurityContext()
        .endInitContainer()
        .build();

    assertThat(PodSecurityChecks.restrictedProblems(runner)).containsExactly("container register is privileged");
  }

  private static PodSpec pod(String example, String deployment) {
    RunnerStack stack = ExampleStacks.load(example);
    return GeneratedObjects.pod(StackModel.build(stack, "checksum"), deployment);
  }
}
