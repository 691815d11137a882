package dev.runnerstack.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class ObjectMatcherTest {

  @Test
  void missingObjectDiffers() {
    assertThat(ObjectMatcher.firstDifference(configMap("a"), null)).contains("(object does not exist)");
  }

  @Test
  void serverDefaultsStillMatch() {
    Pod desired = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().withHostNetwork(false).addNewContainer().withName("c").withImage("i").endContainer()
        .endSpec().build();
    // The API server omits hostNetwork: false and adds defaults of its own.
    Pod actual = new PodBuilder().withNewMetadata().withName("p").withResourceVersion("7").endMetadata()
        .withNewSpec().withRestartPolicy("Always").addNewContainer().withName("c").withImage("i")
        .withTerminationMessagePath("/dev/termination-log").endContainer().endSpec().build();

    assertThat(ObjectMatcher.firstDifference(desired, actual)).isEmpty();
  }

  @Test
  void changedValueReportsPath() {
    assertThat(ObjectMatcher.firstDifference(configMap("new"), configMap("old"))).contains("data.key");
  }

  @Test
  void trueMissingFromActualDiffers() {
    Pod desired = new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().withHostNetwork(true).endSpec().build();
    Pod actual = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec().build();

    assertThat(ObjectMatcher.firstDifference(desired, actual)).contains("spec.hostNetwork");
  }

  @Test
  void droppedOwnerReferenceDiffers() {
    ConfigMap desired = configMap("v");
    ConfigMap actual = configMap("v");
    actual.getMetadata().setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReference(
        "runnerstack.dev/v1alpha1", true, true, "RunnerStack", "ci", "uid")));

    assertThat(ObjectMatcher.firstDifference(desired, actual)).contains("metadata.ownerReferences");
  }

  private static ConfigMap configMap(String value) {
    return new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("key", value).build();
  }
}
