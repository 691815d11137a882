package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Policy enforcement settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicySpec {
  /** Enforcement mode. */
  public enum Mode {
    /** A spec with a critical violation is not deployed, and a running stack is not changed to it. */
    Enforce,
    /** Everything is deployed and violations are only reported. */
    Audit
  }

  @JsonPropertyDescription("Enforce (default) blocks critical violations; Audit deploys and reports them.")
  private Mode mode;

  @JsonPropertyDescription("Rules that do not apply to this stack, each with the reason. Exempted violations "
      + "are still listed in status, marked exempted.")
  private List<Exemption> exemptions = new ArrayList<>();

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public List<Exemption> getExemptions() {
    return exemptions;
  }

  public void setExemptions(List<Exemption> exemptions) {
    this.exemptions = exemptions;
  }
}
