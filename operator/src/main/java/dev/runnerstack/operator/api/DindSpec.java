package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** The Docker-in-Docker daemon that runs job containers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DindSpec {
  public static final String DEFAULT_ROOTLESS_IMAGE = "docker.io/library/docker:28-dind-rootless";
  public static final String DEFAULT_PRIVILEGED_IMAGE = "docker.io/library/docker:28-dind";

  /** The daemon's execution mode. */
  public enum Mode {
    /** The rootless image: the daemon runs as a non-root user inside a user namespace. */
    Rootless,
    /** The classic image: the daemon runs as root in a privileged container. */
    Privileged
  }

  @JsonPropertyDescription("Rootless (default) or Privileged. The rootless image still needs a privileged "
      + "container unless runtimeClassName names a runtime that provides nested containers (for example sysbox).")
  private Mode mode;

  @JsonPropertyDescription("RuntimeClass for the DinD pod, for example sysbox-runc. When set, DinD runs "
      + "without a privileged container.")
  private String runtimeClassName;

  @JsonPropertyDescription("DinD image. Defaults to docker:28-dind-rootless or docker:28-dind by mode.")
  private String image;

  @JsonPropertyDescription("Storage for the daemon's data directory (/var/lib/docker).")
  private StorageSpec storage = new StorageSpec();

  @JsonPropertyDescription("Compute resources of the DinD container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Where job traffic may go. Jobs run inside DinD, so this is the jobs' egress.")
  private EgressSpec egress = new EgressSpec();

  @JsonPropertyDescription("Registry mirrors for the daemon (daemon.json registry-mirrors), as https URLs.")
  private List<String> registryMirrors = new ArrayList<>();

  @JsonPropertyDescription("MTU of the daemon's networks (daemon.json mtu), for overlay networks with a "
      + "smaller MTU than 1500.")
  private Integer mtu;

  @JsonPropertyDescription("Service type of the Docker API. Only ClusterIP is safe; other types expose the "
      + "Docker API outside the stack and are a critical policy violation.")
  private ServiceType serviceType;

  @JsonPropertyDescription("Publishes the Docker API ports on the node (hostPort). Exists only to express a "
      + "legacy setup: it is always a critical policy violation.")
  private Boolean publishHostPorts;

  @JsonPropertyDescription("Also serves the Docker API without TLS on TCP 2375. Exists only to express a legacy "
      + "setup: it is always a critical policy violation.")
  private Boolean insecurePlainTCP;

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public EgressSpec getEgress() {
    return egress;
  }

  public void setEgress(EgressSpec egress) {
    this.egress = egress;
  }

  public List<String> getRegistryMirrors() {
    return registryMirrors;
  }

  public void setRegistryMirrors(List<String> registryMirrors) {
    this.registryMirrors = registryMirrors;
  }

  public Integer getMtu() {
    return mtu;
  }

  public void setMtu(Integer mtu) {
    this.mtu = mtu;
  }

  public ServiceType getServiceType() {
    return serviceType;
  }

  public void setServiceType(ServiceType serviceType) {
    this.serviceType = serviceType;
  }

  public Boolean getPublishHostPorts() {
    return publishHostPorts;
  }

  public void setPublishHostPorts(Boolean publishHostPorts) {
    this.publishHostPorts = publishHostPorts;
  }

  public Boolean getInsecurePlainTCP() {
    return insecurePlainTCP;
  }

  public void setInsecurePlainTCP(Boolean insecurePlainTCP) {
    this.insecurePlainTCP = insecurePlainTCP;
  }
}
