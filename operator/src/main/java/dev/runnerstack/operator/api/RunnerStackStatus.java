package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a runner stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerStackStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready (summary), RunnerReady, DinDReady, RegistryReady and PolicyCompliant.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Security policy violations of the spec and of the generated objects.")
  private List<ViolationStatus> violations = new ArrayList<>();

  @JsonPropertyDescription("Number of violations that are not exempted.")
  private Integer violationCount;

  @JsonPropertyDescription("Addresses the stack uses inside the cluster.")
  private EndpointsStatus endpoints;

  @JsonPropertyDescription("Expiry of the stack's certificates.")
  private List<CertificateStatus> certificates = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<ViolationStatus> getViolations() {
    return violations;
  }

  public void setViolations(List<ViolationStatus> violations) {
    this.violations = violations;
  }

  public Integer getViolationCount() {
    return violationCount;
  }

  public void setViolationCount(Integer violationCount) {
    this.violationCount = violationCount;
  }

  public EndpointsStatus getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(EndpointsStatus endpoints) {
    this.endpoints = endpoints;
  }

  public List<CertificateStatus> getCertificates() {
    return certificates;
  }

  public void setCertificates(List<CertificateStatus> certificates) {
    this.certificates = certificates;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RunnerStackStatus other)) {
      return false;
    }
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(violations, other.violations)
        && Objects.equals(violationCount, other.violationCount)
        && Objects.equals(endpoints, other.endpoints)
        && Objects.equals(certificates, other.certificates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, violations, violationCount, endpoints, certificates);
  }
}
