package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** In-cluster addresses of the stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointsStatus {
  @JsonPropertyDescription("Docker host URL the runner uses, for example tcp://ci-dind.ns.svc:2376.")
  private String dockerHost;

  @JsonPropertyDescription("Registry host and port for image references, for example ci-registry.ns.svc:5000.")
  private String registryHost;

  public EndpointsStatus() {
  }

  public EndpointsStatus(String dockerHost, String registryHost) {
    this.dockerHost = dockerHost;
    this.registryHost = registryHost;
  }

  public String getDockerHost() {
    return dockerHost;
  }

  public void setDockerHost(String dockerHost) {
    this.dockerHost = dockerHost;
  }

  public String getRegistryHost() {
    return registryHost;
  }

  public void setRegistryHost(String registryHost) {
    this.registryHost = registryHost;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointsStatus other && Objects.equals(dockerHost, other.dockerHost)
        && Objects.equals(registryHost, other.registryHost);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dockerHost, registryHost);
  }
}
