package dev.runnerstack.operator.policy;

/** How bad a violation is. Enforce mode blocks {@link #Critical} violations. */
public enum Severity {
  Critical,
  High,
  Medium,
  Low
}
