package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The runner's built-in job cache. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheSpec {
  public static final int DEFAULT_PROXY_PORT = 4001;

  @JsonPropertyDescription("Enables the cache. Job containers in DinD then reach the runner's cache proxy port, "
      + "and nothing else of the runner.")
  private Boolean enabled;

  @Min(1024)
  @Max(65535)
  @JsonPropertyDescription("TCP port of the cache proxy that job containers connect to. Defaults to 4001.")
  private Integer proxyPort;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getProxyPort() {
    return proxyPort;
  }

  public void setProxyPort(Integer proxyPort) {
    this.proxyPort = proxyPort;
  }
}
