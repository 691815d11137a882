package dev.runnerstack.operator.policy;

import java.util.Arrays;
import java.util.Optional;

/** The policy rules, each with a stable id that exemptions, status, Events and metrics use. */
public enum Rule {
  DOCKER_API_WITHOUT_TLS("RS-DIND-001", Severity.Critical, "Docker API reachable without TLS"),
  DOCKER_API_EXPOSED("RS-DIND-002", Severity.Critical, "Docker API exposed outside the stack"),
  PRIVILEGED_DIND("RS-DIND-003", Severity.High, "DinD runs as root in a privileged container"),
  ROOTLESS_DIND_PRIVILEGED("RS-DIND-004", Severity.Medium, "Rootless DinD still needs a privileged container"),
  RUNNER_TLS_VERIFY_DISABLED("RS-RUN-001", Severity.Critical, "Runner does not verify the instance's TLS"),
  INSTANCE_PLAIN_HTTP("RS-RUN-002", Severity.Critical, "Runner talks to the instance over plain HTTP"),
  REGISTRY_PLAIN_HTTP("RS-REG-001", Severity.Critical, "Registry serves plain HTTP"),
  REGISTRY_EXPOSED("RS-REG-002", Severity.High, "Registry reachable from outside the cluster"),
  SECRET_IN_ENVIRONMENT("RS-SEC-001", Severity.Critical, "Token or key in an environment variable or argument"),
  POD_NOT_RESTRICTED("RS-POD-001", Severity.High, "Pod does not meet the restricted Pod Security profile"),
  DIND_EGRESS_METADATA("RS-NET-001", Severity.High, "Jobs can reach the cloud metadata address"),
  DIND_EGRESS_PRIVATE("RS-NET-002", Severity.Medium, "Jobs can reach private address ranges");

  private final String id;
  private final Severity severity;
  private final String title;

  Rule(String id, Severity severity, String title) {
    this.id = id;
    this.severity = severity;
    this.title = title;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  public String title() {
    return title;
  }

  public static Optional<Rule> byId(String id) {
    return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
  }
}
