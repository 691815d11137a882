package dev.runnerstack.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes generated objects with server-side apply, but only those whose cached copy lacks a desired value,
 * so a reconcile of an unchanged stack sends no write. Results go straight into the informer caches, so the
 * next reconcile sees its own writes even before the watch event arrives.
 */
final class StackApplier {
  static final String FIELD_MANAGER = "runnerstack-operator";
  private static final Logger LOG = LoggerFactory.getLogger(StackApplier.class);
  private static final int HTTP_NOT_FOUND = 404;

  private final KubernetesClient client;
  private final Map<Class<?>, InformerEventSource<?, ?>> informers;
  private final ResourceID primary;
  private int writes;

  StackApplier(KubernetesClient client, Map<Class<?>, InformerEventSource<?, ?>> informers, ResourceID primary) {
    this.client = client;
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
    if (ObjectMatcher.matches(desired, actual)) {
      return false;
    }
    HasMetadata result = actual == null ? create(desired) : serverSideApply(desired);
    writes++;
    LOG.info("{} {}/{}", actual == null ? "Created" : "Updated", desired.getKind(), desired.getMetadata().getName());
    if (actual == null) {
      informer.handleRecentResourceCreate(primary, result);
    } else {
      informer.handleRecentResourceUpdate(primary, result, actual);
    }
    return true;
  }

  /**
   * Creates a missing object with server-side apply. Fabric8's mock server answers 404 to an apply of a missing
   * object, where a real API server creates it, so a 404 falls back to a plain create.
   */
  private HasMetadata create(HasMetadata desired) {
    try {
      return serverSideApply(desired);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HTTP_NOT_FOUND) {
        throw e;
      }
      return client.resource(desired).create();
    }
  }

  private HasMetadata serverSideApply(HasMetadata desired) {
    return client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
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
