package dev.runnerstack.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** The write method for generated objects. */
public enum ObjectWriter {
  /** Server-side apply under the operator's field manager, for creates and updates alike. */
  SERVER_SIDE_APPLY {
    @Override
    HasMetadata write(KubernetesClient client, HasMetadata desired, boolean exists) {
      return client.resource(desired).fieldManager(StackApplier.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
  },
  /**
   * Create, then JSON merge patch, for Fabric8's mock server (7.5.2), which returns 404 for an apply of a missing
   * object and 415 for an apply of an existing one. A merge patch does not remove fields that the desired state
   * dropped, so production uses {@link #SERVER_SIDE_APPLY}.
   */
  CREATE_AND_MERGE_PATCH {
    @Override
    HasMetadata write(KubernetesClient client, HasMetadata desired, boolean exists) {
      if (!exists) {
        return client.resource(desired).create();
      }
      return client.resource(desired).patch(PatchContext.of(PatchType.JSON_MERGE), desired);
    }
  };

  abstract HasMetadata write(KubernetesClient client, HasMetadata desired, boolean exists);
}
