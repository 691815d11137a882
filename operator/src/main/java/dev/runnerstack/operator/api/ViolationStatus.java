package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One policy violation as reported in status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ViolationStatus {
  @JsonPropertyDescription("Stable rule id, for example RS-DIND-001.")
  private String rule;

  @JsonPropertyDescription("Critical, High, Medium or Low. Enforce mode blocks Critical violations.")
  private String severity;

  @JsonPropertyDescription("What is wrong.")
  private String message;

  @JsonPropertyDescription("The spec field or generated object concerned, for example spec.dind.insecurePlainTCP "
      + "or Deployment/ci-dind.")
  private String field;

  @JsonPropertyDescription("How to fix it.")
  private String fix;

  @JsonPropertyDescription("True when spec.policy.exemptions waives this rule.")
  private Boolean exempted;

  @JsonPropertyDescription("The exemption's reason.")
  private String exemptionReason;

  public String getRule() {
    return rule;
  }

  public void setRule(String rule) {
    this.rule = rule;
  }

  public String getSeverity() {
    return severity;
  }

  public void setSeverity(String severity) {
    this.severity = severity;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public String getFix() {
    return fix;
  }

  public void setFix(String fix) {
    this.fix = fix;
  }

  public Boolean getExempted() {
    return exempted;
  }

  public void setExempted(Boolean exempted) {
    this.exempted = exempted;
  }

  public String getExemptionReason() {
    return exemptionReason;
  }

  public void setExemptionReason(String exemptionReason) {
    this.exemptionReason = exemptionReason;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ViolationStatus other)) {
      return false;
    }
    return Objects.equals(rule, other.rule) && Objects.equals(severity, other.severity)
        && Objects.equals(message, other.message) && Objects.equals(field, other.field)
        && Objects.equals(fix, other.fix) && Objects.equals(exempted, other.exempted)
        && Objects.equals(exemptionReason, other.exemptionReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rule, severity, message, field, fix, exempted, exemptionReason);
  }
}
