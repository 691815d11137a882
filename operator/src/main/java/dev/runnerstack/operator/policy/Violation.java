package dev.runnerstack.operator.policy;

import java.util.Optional;

/**
 * One rule broken by a stack.
 *
 * @param field the spec field or generated object concerned, such as spec.dind.mode or Deployment/ci-dind
 * @param exemption the reason from spec.policy.exemptions when the rule is waived for this stack
 */
public record Violation(Rule rule, String message, String field, String fix, Optional<String> exemption) {
  public Violation(Rule rule, String message, String field, String fix) {
    this(rule, message, field, fix, Optional.empty());
  }

  public boolean exempted() {
    return exemption.isPresent();
  }

  public Severity severity() {
    return rule.severity();
  }

  /** True when Enforce mode must keep this stack from being deployed or changed. */
  public boolean blocking() {
    return !exempted() && rule.severity() == Severity.Critical;
  }

  Violation withExemption(String reason) {
    return new Violation(rule, message, field, fix, Optional.of(reason));
  }
}
