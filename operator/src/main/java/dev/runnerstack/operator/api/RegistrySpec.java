package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The private registry (CNCF distribution). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrySpec {
  public static final String DEFAULT_IMAGE = "docker.io/library/registry:3";
  public static final int PORT = 5000;

  /** The fate of the registry's volume when the RunnerStack is deleted. */
  public enum DeletionPolicy {
    /** The claim stays, so images survive and a new RunnerStack of the same name reuses it. */
    Retain,
    /** The claim is garbage-collected with the RunnerStack. */
    Delete
  }

  @JsonPropertyDescription("Runs the registry. Defaults to true.")
  private Boolean enabled;

  @JsonPropertyDescription("Registry image. Defaults to docker.io/library/registry:3.")
  private String image;

  @JsonPropertyDescription("Size of the registry's PersistentVolumeClaim. Defaults to 10Gi.")
  private String size;

  @JsonPropertyDescription("StorageClass of the claim. Empty means the cluster's default class.")
  private String storageClassName;

  @JsonPropertyDescription("Retain (default) keeps the claim when the RunnerStack is deleted; Delete removes it.")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription("Secret with an htpasswd file (bcrypt entries) that turns on basic authentication.")
  private SecretKeyRef htpasswdSecretRef;

  @JsonPropertyDescription("Service type. Only ClusterIP is safe; other types make the registry reachable "
      + "from outside the cluster and are a policy violation.")
  private ServiceType serviceType;

  @JsonPropertyDescription("Serves plain HTTP and makes DinD trust it through insecure-registries. Exists only "
      + "to express a legacy setup: it is always a critical policy violation.")
  private Boolean insecurePlainHTTP;

  @JsonPropertyDescription("Compute resources of the registry container.")
  private ResourceRequirements resources;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public SecretKeyRef getHtpasswdSecretRef() {
    return htpasswdSecretRef;
  }

  public void setHtpasswdSecretRef(SecretKeyRef htpasswdSecretRef) {
    this.htpasswdSecretRef = htpasswdSecretRef;
  }

  public ServiceType getServiceType() {
    return serviceType;
  }

  public void setServiceType(ServiceType serviceType) {
    this.serviceType = serviceType;
  }

  public Boolean getInsecurePlainHTTP() {
    return insecurePlainHTTP;
  }

  public void setInsecurePlainHTTP(Boolean insecurePlainHTTP) {
    this.insecurePlainHTTP = insecurePlainHTTP;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
