package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** CIDR-based egress of job traffic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EgressSpec {
  public static final List<String> DEFAULT_ALLOWED = List.of("0.0.0.0/0");
  /** The cloud metadata address and the private, shared and link-local IPv4 ranges. */
  public static final List<String> DEFAULT_EXCEPT = List.of(
      "169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10");

  @JsonPropertyDescription("CIDRs that job traffic may reach. Defaults to 0.0.0.0/0 (the internet).")
  private List<String> allowedCIDRs;

  @JsonPropertyDescription("CIDRs cut out of allowedCIDRs. Defaults to the cloud metadata range 169.254.0.0/16 "
      + "and the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and 100.64.0.0/10. Set it to [] to "
      + "allow them, which the policy reports.")
  private List<String> exceptCIDRs;

  public List<String> getAllowedCIDRs() {
    return allowedCIDRs;
  }

  public void setAllowedCIDRs(List<String> allowedCIDRs) {
    this.allowedCIDRs = allowedCIDRs;
  }

  public List<String> getExceptCIDRs() {
    return exceptCIDRs;
  }

  public void setExceptCIDRs(List<String> exceptCIDRs) {
    this.exceptCIDRs = exceptCIDRs;
  }
}
