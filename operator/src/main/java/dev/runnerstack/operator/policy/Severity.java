package dev.runnerstack.operator.policy;

/** The severity of a violation. Enforce mode blocks {@link #Critical} violations. */
public enum Severity {
  Critical,
  High,
  Medium,
  Low
}
