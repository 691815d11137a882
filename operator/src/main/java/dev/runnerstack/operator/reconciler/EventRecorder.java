package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records core/v1 Events on a RunnerStack, so that kubectl describe shows what the operator found. */
final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "runnerstack-operator";

  private final KubernetesClient client;
  private final Clock clock;

  EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void warning(RunnerStack stack, String reason, String message) {
    record(stack, "Warning", reason, message);
  }

  void normal(RunnerStack stack, String reason, String message) {
    record(stack, "Normal", reason, message);
  }

  private void record(RunnerStack stack, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String name = stack.getMetadata().getName() + "." + Long.toHexString(clock.millis())
        + "." + reason.toLowerCase(Locale.ROOT);
    try {
      client.v1().events().inNamespace(stack.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(stack.getMetadata().getNamespace()).endMetadata()
          .withNewInvolvedObject()
          .withApiVersion(stack.getApiVersion())
          .withKind(stack.getKind())
          .withName(stack.getMetadata().getName())
          .withNamespace(stack.getMetadata().getNamespace())
          .withUid(stack.getMetadata().getUid())
          .endInvolvedObject()
          .withType(type)
          .withReason(reason)
          .withMessage(message)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .build()).create();
    } catch (KubernetesClientException e) {
      // An Event is informational: failing to record one must not fail the reconcile.
      LOG.warn("Could not record Event {} on RunnerStack {}/{}: {}", reason, stack.getMetadata().getNamespace(),
          stack.getMetadata().getName(), e.getMessage());
    }
  }
}
