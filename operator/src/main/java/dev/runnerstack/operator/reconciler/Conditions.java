package dev.runnerstack.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Condition types, and the rule that keeps lastTransitionTime unless a condition's status flips. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String RUNNER_READY = "RunnerReady";
  public static final String DIND_READY = "DinDReady";
  public static final String REGISTRY_READY = "RegistryReady";
  public static final String POLICY_COMPLIANT = "PolicyCompliant";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {
  }

  static Condition of(String type, boolean status, String reason, String message, long generation) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? TRUE : FALSE)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .build();
  }

  /**
   * Returns the new conditions with lastTransitionTime carried over from the previous ones of the same type
   * whose status is unchanged, and set to {@code now} for new or flipped ones.
   */
  static List<Condition> merge(List<Condition> previous, List<Condition> next, Instant now) {
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    List<Condition> merged = new ArrayList<>();
    for (Condition condition : next) {
      Condition old = previous == null ? null : previous.stream()
          .filter(p -> Objects.equals(p.getType(), condition.getType()))
          .findFirst().orElse(null);
      boolean unchanged = old != null && Objects.equals(old.getStatus(), condition.getStatus())
          && old.getLastTransitionTime() != null;
      condition.setLastTransitionTime(unchanged ? old.getLastTransitionTime() : timestamp);
      merged.add(condition);
    }
    return merged;
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null && conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && TRUE.equals(c.getStatus()));
  }
}
