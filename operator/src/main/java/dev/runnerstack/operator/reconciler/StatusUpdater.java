package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.EndpointsStatus;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.RunnerStackStatus;
import dev.runnerstack.operator.api.ViolationStatus;
import dev.runnerstack.operator.model.FieldError;
import dev.runnerstack.operator.model.StackSettings;
import dev.runnerstack.operator.policy.Violation;
import dev.runnerstack.operator.reconciler.ComponentReadiness.State;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status from a reconcile's outcome: conditions with positive polarity and CamelCase reasons, the
 * violations, endpoints and certificate expiry. The status is patched only when it differs, and Events and
 * warnings are recorded only when something changed, so an unchanged stack causes no write.
 */
final class StatusUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdater.class);
  private static final int MAX_MESSAGE_LENGTH = 1024;

  private StatusUpdater() {
  }

  static UpdateControl<RunnerStack> update(RunnerStack stack, Outcome outcome, Clock clock, EventRecorder events) {
    RunnerStackStatus previous = stack.getStatus() == null ? new RunnerStackStatus() : stack.getStatus();
    RunnerStackStatus next = build(stack, outcome, previous);
    next.setConditions(Conditions.merge(previous.getConditions(), next.getConditions(), clock.instant()));
    recordChanges(stack, previous, next, events);
    if (Objects.equals(previous, next)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(statusPatch(stack, next));
  }

  /**
   * Returns a copy with only the name, namespace and status, so the patch carries no resourceVersion: a watch
   * event that arrived during the reconcile must not fail the status write with a conflict.
   */
  static RunnerStack statusPatch(RunnerStack stack, RunnerStackStatus status) {
    RunnerStack patch = new RunnerStack();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(stack.getMetadata().getName())
        .withNamespace(stack.getMetadata().getNamespace())
        .build());
    patch.setStatus(status);
    return patch;
  }

  private static RunnerStackStatus build(RunnerStack stack, Outcome outcome, RunnerStackStatus previous) {
    long generation = stack.getMetadata().getGeneration() == null ? 0 : stack.getMetadata().getGeneration();
    RunnerStackStatus status = new RunnerStackStatus();
    status.setObservedGeneration(generation);
    status.setViolations(outcome.violations().stream().map(StatusUpdater::toStatus).toList());
    status.setViolationCount((int) outcome.violations().stream().filter(v -> !v.exempted()).count());
    status.setCertificates(outcome.certificates().orElse(previous.getCertificates()));
    if (outcome.deployed()) {
      StackSettings settings = StackSettings.of(stack);
      status.setEndpoints(new EndpointsStatus(settings.dockerHost(),
          settings.registryEnabled() ? settings.names().registryHost() : null));
    } else {
      status.setEndpoints(previous.getEndpoints());
    }

    List<Condition> conditions = new ArrayList<>();
    conditions.add(ready(outcome, generation));
    ComponentReadiness components = outcome.components();
    conditions.add(component(Conditions.RUNNER_READY, components.runner(), generation));
    conditions.add(component(Conditions.DIND_READY, components.dind(), generation));
    conditions.add(components.registry()
        .map(state -> component(Conditions.REGISTRY_READY, state, generation))
        .orElse(Conditions.of(Conditions.REGISTRY_READY, true, "Disabled",
            "The registry is disabled by spec.registry.enabled.", generation)));
    conditions.add(policy(outcome, generation));
    status.setConditions(conditions);
    return status;
  }

  private static Condition ready(Outcome outcome, long generation) {
    if (!outcome.errors().isEmpty()) {
      String message = outcome.errors().stream().map(FieldError::toString).collect(Collectors.joining(" "));
      return Conditions.of(Conditions.READY, false, "InvalidSpec", truncate("The spec is invalid, so it was not "
          + "applied; objects from the last valid spec keep running. " + message), generation);
    }
    if (outcome.blocked()) {
      String rules = outcome.violations().stream().filter(Violation::blocking).map(v -> v.rule().id())
          .distinct().collect(Collectors.joining(", "));
      return Conditions.of(Conditions.READY, false, "PolicyViolation", truncate("Enforce mode blocks critical "
          + "violations " + rules + ", so this spec was not applied and nothing was created or changed. Fix them "
          + "(see status.violations), exempt them in spec.policy.exemptions, or set spec.policy.mode to Audit."),
          generation);
    }
    if (outcome.inputProblem().isPresent()) {
      InputProblem problem = outcome.inputProblem().get();
      return Conditions.of(Conditions.READY, false, problem.reason(), truncate(problem.message()), generation);
    }
    if (outcome.components().allReady()) {
      return Conditions.of(Conditions.READY, true, "StackReady", "The runner, DinD and the registry are available.",
          generation);
    }
    List<String> waiting = new ArrayList<>();
    if (!outcome.components().runner().ready()) {
      waiting.add(outcome.components().runner().message());
    }
    if (!outcome.components().dind().ready()) {
      waiting.add(outcome.components().dind().message());
    }
    outcome.components().registry().filter(state -> !state.ready()).ifPresent(state -> waiting.add(state.message()));
    return Conditions.of(Conditions.READY, false, "Progressing", truncate(String.join(" ", waiting)), generation);
  }

  private static Condition component(String type, State state, long generation) {
    return Conditions.of(type, state.ready(), state.reason(), state.message(), generation);
  }

  private static Condition policy(Outcome outcome, long generation) {
    if (!outcome.errors().isEmpty()) {
      return Conditions.of(Conditions.POLICY_COMPLIANT, false, "InvalidSpec",
          "The policy was not evaluated because the spec is invalid.", generation);
    }
    List<Violation> open = outcome.violations().stream().filter(v -> !v.exempted()).toList();
    if (open.isEmpty()) {
      boolean anyExempted = !outcome.violations().isEmpty();
      return Conditions.of(Conditions.POLICY_COMPLIANT, true, anyExempted ? "AllViolationsExempted" : "NoViolations",
          anyExempted ? "Every violation is exempted in spec.policy.exemptions." : "No policy rule is violated.",
          generation);
    }
    String summary = open.stream().map(v -> v.rule().id() + " (" + v.severity() + ")").distinct()
        .collect(Collectors.joining(", "));
    String reason = outcome.blocked() ? "CriticalViolationsBlocked" : "ViolationsFound";
    String count = open.size() == 1 ? "1 violation" : open.size() + " violations";
    return Conditions.of(Conditions.POLICY_COMPLIANT, false, reason,
        truncate(count + " of rules " + summary + ". See status.violations for each fix."), generation);
  }

  private static ViolationStatus toStatus(Violation violation) {
    ViolationStatus status = new ViolationStatus();
    status.setRule(violation.rule().id());
    status.setSeverity(violation.severity().name());
    status.setMessage(violation.message());
    status.setField(violation.field());
    status.setFix(violation.fix());
    if (violation.exempted()) {
      status.setExempted(true);
      status.setExemptionReason(violation.exemption().get());
    }
    return status;
  }

  /** Records Events and log lines for new violations and for a Ready condition that changed. */
  private static void recordChanges(RunnerStack stack, RunnerStackStatus previous, RunnerStackStatus next,
      EventRecorder events) {
    Set<String> before = keys(previous.getViolations());
    for (ViolationStatus violation : next.getViolations()) {
      if (!before.contains(key(violation)) && !Boolean.TRUE.equals(violation.getExempted())) {
        String message = violation.getRule() + " (" + violation.getSeverity() + ") " + violation.getField() + ": "
            + violation.getMessage() + " Fix: " + violation.getFix();
        LOG.warn("Policy violation {}", message);
        events.warning(stack, "PolicyViolation", truncate(message));
      }
    }
    Condition oldReady = find(previous.getConditions(), Conditions.READY);
    Condition newReady = find(next.getConditions(), Conditions.READY);
    if (newReady != null && (oldReady == null || !Objects.equals(oldReady.getStatus(), newReady.getStatus())
        || !Objects.equals(oldReady.getReason(), newReady.getReason()))) {
      LOG.info("Ready={} reason={}: {}", newReady.getStatus(), newReady.getReason(), newReady.getMessage());
      if (Conditions.TRUE.equals(newReady.getStatus())) {
        events.normal(stack, newReady.getReason(), newReady.getMessage());
      } else if (!"Progressing".equals(newReady.getReason())) {
        events.warning(stack, newReady.getReason(), newReady.getMessage());
      }
    }
  }

  /** Builds the status after an unexpected error: Ready turns False with the error, the rest is kept. */
  static RunnerStackStatus failed(RunnerStack stack, Exception error, Clock clock) {
    RunnerStackStatus previous = stack.getStatus() == null ? new RunnerStackStatus() : stack.getStatus();
    long generation = stack.getMetadata().getGeneration() == null ? 0 : stack.getMetadata().getGeneration();
    RunnerStackStatus next = new RunnerStackStatus();
    next.setObservedGeneration(previous.getObservedGeneration());
    next.setViolations(previous.getViolations());
    next.setViolationCount(previous.getViolationCount());
    next.setEndpoints(previous.getEndpoints());
    next.setCertificates(previous.getCertificates());
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.of(Conditions.READY, false, "ReconcileFailed", truncate("The operator could not "
        + "reconcile the stack and retries with backoff: " + safeMessage(error)), generation));
    if (previous.getConditions() != null) {
      previous.getConditions().stream().filter(c -> !Conditions.READY.equals(c.getType())).forEach(conditions::add);
    }
    next.setConditions(Conditions.merge(previous.getConditions(), conditions, clock.instant()));
    return next;
  }

  /** Returns the error's message with anything that looks like key material removed. */
  static String safeMessage(Exception error) {
    String message = Objects.requireNonNullElse(error.getMessage(), error.getClass().getSimpleName());
    int pem = message.indexOf("-----BEGIN");
    return pem >= 0 ? message.substring(0, pem) + "[PEM content removed]" : message;
  }

  private static Set<String> keys(List<ViolationStatus> violations) {
    return violations == null ? Set.of() : violations.stream().map(StatusUpdater::key).collect(Collectors.toSet());
  }

  private static String key(ViolationStatus violation) {
    return violation.getRule() + "|" + violation.getField();
  }

  private static Condition find(List<Condition> conditions, String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
