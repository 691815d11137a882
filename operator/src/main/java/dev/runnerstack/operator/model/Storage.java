package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.RegistrySpec;
import dev.runnerstack.operator.api.StorageSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** PersistentVolumeClaims of a stack. */
final class Storage {
  /** The runner keeps only its registration file (and the optional cache) on this volume. */
  static final String RUNNER_DATA_SIZE = "1Gi";

  private Storage() {
  }

  static List<HasMetadata> claims(StackSettings settings, OwnerReference owner) {
    StackNames names = settings.names();
    List<HasMetadata> claims = new ArrayList<>();
    // The registration file must survive pod restarts, or every restart registers another runner.
    claims.add(claim(names.runnerData(), names, Component.RUNNER, owner, RUNNER_DATA_SIZE, Optional.empty()));
    if (settings.dindStorageType() == StorageSpec.Type.PersistentVolumeClaim) {
      claims.add(claim(names.dindData(), names, Component.DIND, owner, settings.dindStorageSize(),
          settings.dindStorageClass()));
    }
    if (settings.registryEnabled()) {
      // Without an owner reference the garbage collector leaves the claim, and the images on it, in place.
      OwnerReference registryOwner =
          settings.registryDeletionPolicy() == RegistrySpec.DeletionPolicy.Delete ? owner : null;
      claims.add(claim(names.registryData(), names, Component.REGISTRY, registryOwner, settings.registrySize(),
          settings.registryStorageClass()));
    }
    return claims;
  }

  private static PersistentVolumeClaim claim(String name, StackNames names, Component component,
      OwnerReference owner, String size, Optional<String> storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(StackModel.metadata(name, names, component, owner))
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass.orElse(null))
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }
}
