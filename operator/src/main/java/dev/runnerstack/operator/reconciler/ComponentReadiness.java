package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.StorageSpec;
import dev.runnerstack.operator.model.StackNames;
import dev.runnerstack.operator.model.StackSettings;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;

/**
 * Readiness of each component, read from its Deployment in the informer cache.
 *
 * @param registry empty when the registry is disabled
 */
record ComponentReadiness(State runner, State dind, Optional<State> registry) {

  /** One component's readiness and the reason for it. */
  record State(boolean ready, String reason, String message) {
  }

  static ComponentReadiness observe(StackSettings settings, StackApplier applier) {
    StackNames names = settings.names();
    Optional<String> dindClaim = settings.dindStorageType() == StorageSpec.Type.PersistentVolumeClaim
        ? Optional.of(names.dindData()) : Optional.empty();
    return new ComponentReadiness(
        withClaim(state(applier.cached(Deployment.class, names.runner()), names.runner()),
            Optional.of(names.runnerData()), applier),
        withClaim(state(applier.cached(Deployment.class, names.dind()), names.dind()), dindClaim, applier),
        settings.registryEnabled()
            ? Optional.of(withClaim(state(applier.cached(Deployment.class, names.registry()), names.registry()),
                Optional.of(names.registryData()), applier))
            : Optional.empty());
  }

  /** Names a Pending claim as the likely reason a component is not available. */
  private static State withClaim(State state, Optional<String> claim, StackApplier applier) {
    if (state.ready() || claim.isEmpty()) {
      return state;
    }
    Optional<PersistentVolumeClaim> cached = applier.cached(PersistentVolumeClaim.class, claim.get());
    boolean pending = cached.map(c -> c.getStatus() == null || "Pending".equals(c.getStatus().getPhase()))
        .orElse(false);
    if (!pending) {
      return state;
    }
    return new State(false, "VolumePending", state.message() + " PersistentVolumeClaim " + claim.get()
        + " is Pending: the cluster needs a default StorageClass, or set the storageClassName field of this "
        + "component, or provide a matching PersistentVolume.");
  }

  boolean allReady() {
    return runner.ready() && dind.ready() && registry.map(State::ready).orElse(true);
  }

  private static State state(Optional<Deployment> deployment, String name) {
    if (deployment.isEmpty()) {
      return new State(false, "NotCreated", "Deployment " + name + " does not exist yet.");
    }
    Deployment d = deployment.get();
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    long observed = d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? -1
        : d.getStatus().getObservedGeneration();
    int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0
        : d.getStatus().getAvailableReplicas();
    int updated = d.getStatus() == null || d.getStatus().getUpdatedReplicas() == null ? 0
        : d.getStatus().getUpdatedReplicas();
    if (observed >= generation && available >= 1 && updated >= 1) {
      return new State(true, "Available", "Deployment " + name + " has an available, up-to-date pod.");
    }
    return new State(false, "Progressing", "Deployment " + name + " has " + available
        + " available pods; waiting for 1 up-to-date, available pod.");
  }
}
