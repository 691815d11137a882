package dev.runnerstack.operator.pki;

import java.util.Objects;

/**
 * Decision made by {@link RenewalPolicy}, with a reason that is safe to log and to show in a status condition.
 *
 * @param action what to do with the stored certificate
 * @param reason why, in one sentence without key material
 */
public record RenewalDecision(RenewalAction action, String reason) {

  /** Rejects null fields. */
  public RenewalDecision {
    Objects.requireNonNull(action, "action must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
  }

  /** Returns whether a new certificate must be issued, which is every action except {@link RenewalAction#KEEP}. */
  public boolean requiresIssue() {
    return action != RenewalAction.KEEP;
  }
}
