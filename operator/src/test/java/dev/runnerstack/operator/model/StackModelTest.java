package dev.runnerstack.operator.model;

import static dev.runnerstack.operator.model.GeneratedObjects.configData;
import static dev.runnerstack.operator.model.GeneratedObjects.deployments;
import static dev.runnerstack.operator.model.GeneratedObjects.orEmpty;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.RegistrySpec;
import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** StackModel as a pure function: stable output, checksums on pod templates and owner references. */
class StackModelTest {
  private static final String CHECKSUM = "3f9a1c";

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void sameStackBuildsEqualState(String example) {
    RunnerStack stack = ExampleStacks.load(example);

    DesiredState first = StackModel.build(stack, CHECKSUM);
    DesiredState second = StackModel.build(stack, CHECKSUM);

    assertThat(second).isEqualTo(first);
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void separateLoadsBuildEqualState(String example) {
    DesiredState first = ExampleStacks.build(example, CHECKSUM);
    DesiredState second = ExampleStacks.build(example, CHECKSUM);

    assertThat(second).isEqualTo(first);
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void configTextIsStable(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    DesiredState first = StackModel.build(stack, CHECKSUM);
    DesiredState second = StackModel.build(ExampleStacks.load(example), CHECKSUM);

    assertThat(configData(second, name + "-runner-config", "config.yml"))
        .isEqualTo(configData(first, name + "-runner-config", "config.yml"));
    assertThat(configData(second, name + "-dind-config", "daemon.json"))
        .isEqualTo(configData(first, name + "-dind-config", "daemon.json"));
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void checksumOnEveryPodTemplate(String example) {
    DesiredState state = ExampleStacks.build(example, CHECKSUM);

    assertThat(deployments(state)).hasSize(3);
    for (Deployment deployment : deployments(state)) {
      assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
          .as(deployment.getMetadata().getName())
          .containsEntry("runnerstack.dev/certificates-checksum", CHECKSUM);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void emptyChecksumAddsNoAnnotation(String example) {
    DesiredState state = ExampleStacks.build(example, "");

    for (Deployment deployment : deployments(state)) {
      Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
      assertThat(annotations == null ? Map.<String, String>of() : annotations)
          .as(deployment.getMetadata().getName())
          .doesNotContainKey("runnerstack.dev/certificates-checksum");
    }
  }

  @Test
  void configChangeChangesConfigChecksum() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    String before = configChecksum(StackModel.build(stack, CHECKSUM), "ci-runner");

    stack.getSpec().getRunner().setCapacity(3);
    String after = configChecksum(StackModel.build(stack, CHECKSUM), "ci-runner");

    assertThat(before).matches("[0-9a-f]{64}");
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void retainedRegistryClaimHasNoOwner() {
    DesiredState state = ExampleStacks.build(ExampleStacks.SECURE_DEFAULT);

    PersistentVolumeClaim claim = state.find(PersistentVolumeClaim.class, "ci-registry-data").orElseThrow();

    assertThat(state.settings().registryDeletionPolicy()).isEqualTo(RegistrySpec.DeletionPolicy.Retain);
    assertThat(orEmpty(claim.getMetadata().getOwnerReferences())).isEmpty();
  }

  @Test
  void deletedRegistryClaimHasOwner() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRegistry().setDeletionPolicy(RegistrySpec.DeletionPolicy.Delete);

    PersistentVolumeClaim claim = StackModel.build(stack, CHECKSUM)
        .find(PersistentVolumeClaim.class, "ci-registry-data").orElseThrow();

    assertControlledByStack(claim, "ci");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void otherObjectsHaveOneOwner(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    List<HasMetadata> owned = StackModel.build(stack, CHECKSUM).objects().stream()
        .filter(object -> !object.getMetadata().getName().equals(name + "-registry-data"))
        .toList();

    assertThat(owned).hasSizeGreaterThan(10);
    for (HasMetadata object : owned) {
      assertControlledByStack(object, name);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void objectsLiveInStackNamespace(String example) {
    DesiredState state = ExampleStacks.build(example);

    for (HasMetadata object : state.objects()) {
      assertThat(object.getMetadata().getNamespace()).as(object.getKind() + "/" + object.getMetadata().getName())
          .isEqualTo(ExampleStacks.NAMESPACE);
    }
  }

  private static String configChecksum(DesiredState state, String deployment) {
    return GeneratedObjects.deployment(state, deployment).getSpec().getTemplate().getMetadata().getAnnotations()
        .get("runnerstack.dev/config-checksum");
  }

  private static void assertControlledByStack(HasMetadata object, String stack) {
    String objectName = object.getKind() + "/" + object.getMetadata().getName();
    List<OwnerReference> owners = orEmpty(object.getMetadata().getOwnerReferences());
    assertThat(owners).as(objectName).hasSize(1);
    OwnerReference owner = owners.get(0);
    assertThat(owner.getController()).as(objectName + " controller").isTrue();
    assertThat(owner.getKind()).as(objectName + " kind").isEqualTo("RunnerStack");
    assertThat(owner.getApiVersion()).as(objectName + " apiVersion").isEqualTo("runnerstack.dev/v1alpha1");
    assertThat(owner.getName()).as(objectName + " name").isEqualTo(stack);
    assertThat(owner.getUid()).as(objectName + " uid").isEqualTo(ExampleStacks.UID);
  }
}
