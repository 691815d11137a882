package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.CertificateStatus;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.model.FieldError;
import dev.runnerstack.operator.policy.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The findings and actions of one reconcile, from which the status is written.
 *
 * @param certificates the certificates in force when the stack was deployed. It is empty when this reconcile
 *     stopped before the certificate step, and then the previous status entries are kept.
 */
record Outcome(
    RunnerStack stack,
    List<FieldError> errors,
    boolean blocked,
    Optional<InputProblem> inputProblem,
    List<Violation> violations,
    Optional<List<CertificateStatus>> certificates,
    ComponentReadiness components) {

  String result() {
    if (!errors.isEmpty()) {
      return "invalid";
    }
    if (blocked) {
      return "blocked";
    }
    if (inputProblem.isPresent()) {
      return "waiting";
    }
    return "success";
  }

  boolean deployed() {
    return certificates.isPresent();
  }

  static Builder builder(RunnerStack stack) {
    return new Builder(stack);
  }

  static final class Builder {
    private final RunnerStack stack;
    private List<FieldError> errors = List.of();
    private boolean blocked;
    private Optional<InputProblem> inputProblem = Optional.empty();
    private List<Violation> violations = List.of();
    private Optional<List<CertificateStatus>> certificates = Optional.empty();
    private ComponentReadiness components;

    private Builder(RunnerStack stack) {
      this.stack = stack;
    }

    Builder invalidSpec(List<FieldError> errors) {
      this.errors = List.copyOf(errors);
      return this;
    }

    Builder blocked() {
      this.blocked = true;
      return this;
    }

    Builder inputProblem(InputProblem problem) {
      this.inputProblem = Optional.of(problem);
      return this;
    }

    Builder violations(List<Violation> violations) {
      this.violations = List.copyOf(violations);
      return this;
    }

    Builder deployed(List<CertificateStatus> certificates) {
      this.certificates = Optional.of(List.copyOf(certificates));
      return this;
    }

    Builder components(ComponentReadiness components) {
      this.components = components;
      return this;
    }

    Outcome build() {
      return new Outcome(stack, errors, blocked, inputProblem, violations, certificates, components);
    }
  }
}
