package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A policy rule that is waived for one stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Exemption {
  @Required
  @JsonPropertyDescription("Rule id, for example RS-DIND-003.")
  private String rule;

  @Required
  @JsonPropertyDescription("Why the rule does not apply. Shown in status next to the violation.")
  private String reason;

  public Exemption() {
  }

  public Exemption(String rule, String reason) {
    this.rule = rule;
    this.reason = reason;
  }

  public String getRule() {
    return rule;
  }

  public void setRule(String rule) {
    this.rule = rule;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
