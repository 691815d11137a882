package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.model.StackSettings;
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
    return new ComponentReadiness(
        state(applier.cached(Deployment.class, settings.names().runner()), settings.names().runner()),
        state(applier.cached(Deployment.class, settings.names().dind()), settings.names().dind()),
        settings.registryEnabled()
            ? Optional.of(state(applier.cached(Deployment.class, settings.names().registry()),
                settings.names().registry()))
            : Optional.empty());
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
