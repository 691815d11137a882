package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.CertificateStatus;
import dev.runnerstack.operator.model.CertificateNames;
import dev.runnerstack.operator.policy.Rule;
import dev.runnerstack.operator.policy.Violation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics. Labels are bounded by the rule catalog and the certificate names, never by
 * resource names, so the number of series does not grow with the number of stacks.
 */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Map<ResourceID, List<Violation>> violations = new ConcurrentHashMap<>();
  private final Map<ResourceID, List<CertificateStatus>> certificates = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Rule rule : Rule.values()) {
      Gauge.builder("runnerstack_policy_violations", () -> count(rule))
          .description("Violations that are not exempted, summed over all RunnerStacks")
          .tag("rule", rule.id())
          .tag("severity", rule.severity().name())
          .register(registry);
    }
    for (String name : List.of(CertificateNames.CA, CertificateNames.DIND_SERVER, CertificateNames.DIND_CLIENT,
        CertificateNames.REGISTRY_SERVER)) {
      Gauge.builder("runnerstack_certificate_expiry_timestamp_seconds", () -> earliestExpiry(name))
          .description("Earliest expiry over all RunnerStacks of this certificate, as a Unix time; NaN when "
              + "no stack has it")
          .tag("certificate", name)
          .register(registry);
    }
  }

  void recordViolations(ResourceID stack, List<Violation> found) {
    violations.put(stack, List.copyOf(found));
  }

  void recordCertificates(ResourceID stack, List<CertificateStatus> found) {
    certificates.put(stack, List.copyOf(found));
  }

  void recordReconcile(String result, Duration duration) {
    Timer.builder("runnerstack_reconcile_duration_seconds")
        .description("Time of one RunnerStack reconcile, by result")
        .tag("result", result)
        .register(registry)
        .record(duration);
  }

  /** Drops the figures of stacks that no longer exist. */
  void retainOnly(Set<ResourceID> existing) {
    violations.keySet().retainAll(existing);
    certificates.keySet().retainAll(existing);
  }

  private double count(Rule rule) {
    return violations.values().stream().flatMap(List::stream)
        .filter(v -> v.rule() == rule && !v.exempted()).count();
  }

  private double earliestExpiry(String name) {
    return certificates.values().stream().flatMap(List::stream)
        .filter(c -> name.equals(c.getName()) && c.getNotAfter() != null)
        .mapToDouble(c -> Instant.parse(c.getNotAfter()).getEpochSecond())
        .min().orElse(Double.NaN);
  }
}
