package dev.runnerstack.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes generated objects (with server-side apply in production), but only those whose cached copy lacks a
 * desired value, so a reconcile of an unchanged stack sends no write. Results go straight into the informer caches, so the
 * next reconcile finds its own writes even before the watch event arrives.
 */
final class StackApplier {
  static final String FIELD_MANAGER = "runnerstack-operator";
  private static final Logger LOG = LoggerFactory.getLogger(StackApplier.class);

  private final KubernetesClient client;
  private final ObjectWriter writer;
  private final Map<Class<?>, InformerEventSource<?, ?>> informers;
  private final ResourceID primary;
  private int writes;

  StackApplier(KubernetesClient client, ObjectWriter writer, Map<Class<?>, InformerEventSource<?, ?>> informers,
      ResourceID primary) {
    this.client = client;
    this.writer = writer;
    this.informers = informers;
    this.primary = primary;
  }

  /** Applies each object in order; returns how many were written. */
  int applyAll(List<HasMetadata> objects) {
    int before = writes;
    objects.forEach(this::apply);
    return writes - before;
  }

  /** Applies one object unless the cache already matches it; returns true when it was written. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  boolean apply(HasMetadata desired) {
    InformerEventSource informer = informerFor(desired.getClass());
    HasMetadata actual = cached(desired.getClass(), desired.getMetadata().getName()).orElse(null);
    Optional<String> difference = ObjectMatcher.firstDifference(desired, actual);
    if (difference.isEmpty()) {
      return false;
    }
    LOG.debug("{}/{} differs from the desired state at {}", desired.getKind(), desired.getMetadata().getName(),
        difference.get());
    HasMetadata result = writer.write(client, desired, actual != null);
    writes++;
    LOG.info("{} {}/{}", actual == null ? "Created" : "Updated", desired.getKind(), desired.getMetadata().getName());
    if (actual == null) {
      informer.handleRecentResourceCreate(primary, result);
    } else {
      informer.handleRecentResourceUpdate(primary, result, actual);
    }
    return true;
  }

  /** Returns the cached object of a type in the primary's namespace. */
  <T extends HasMetadata> Optional<T> cached(Class<T> type, String name) {
    InformerEventSource<?, ?> informer = informerFor(type);
    return informer.get(new ResourceID(name, primary.getNamespace().orElse(null))).map(type::cast);
  }

  int writes() {
    return writes;
  }

  private InformerEventSource<?, ?> informerFor(Class<?> type) {
    InformerEventSource<?, ?> informer = informers.get(type);
    if (informer == null) {
      throw new IllegalStateException("no informer is registered for " + type.getSimpleName()
          + "; add it in RunnerStackReconciler.prepareEventSources");
    }
    return informer;
  }
}
