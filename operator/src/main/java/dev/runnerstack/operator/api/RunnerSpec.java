package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** The forgejo-runner daemon. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunnerSpec {
  public static final String DEFAULT_IMAGE = "data.forgejo.org/forgejo/runner:12";
  public static final String DEFAULT_LABEL = "docker:docker://data.forgejo.org/oci/node:22-bookworm";

  @JsonPropertyDescription("forgejo-runner image. Pin it by digest (image@sha256:...) in production.")
  private String image;

  @Required
  @ValidationRule(value = "self.matches('^https?://[^\\\\s/]+(/\\\\S*)?$')",
      message = "instanceURL must be an http or https URL with a host, such as https://forgejo.example.com")
  @JsonPropertyDescription("URL of the Forgejo (or Gitea) instance, for example https://forgejo.example.com. "
      + "Plain http is accepted only to express a legacy setup and is a critical policy violation.")
  private String instanceURL;

  @JsonPropertyDescription("Runner name shown in Forgejo. Defaults to the RunnerStack's name.")
  private String name;

  @JsonPropertyDescription("Labels in forgejo-runner's own form, name:docker://image, for example "
      + "docker:docker://data.forgejo.org/oci/node:22-bookworm.")
  private List<String> labels = new ArrayList<>();

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Number of jobs the runner runs at the same time. One runner is registered per stack.")
  private Integer capacity;

  @Required
  @JsonPropertyDescription("How the runner registers with the instance; the credential is read from a Secret "
      + "mounted as a file, never from an environment variable or a command-line argument.")
  private RegistrationSpec registration = new RegistrationSpec();

  @JsonPropertyDescription("CA bundle (PEM) that signs the instance's TLS certificate, from a Secret or a "
      + "ConfigMap. Needed when the instance uses a private CA.")
  private CaBundleSpec instanceCA;

  @JsonPropertyDescription("Disables TLS verification of the instance. Exists only to express a legacy setup: "
      + "it is always a critical policy violation. Use instanceCA instead.")
  private Boolean insecureSkipVerify;

  @JsonPropertyDescription("The runner's job cache server, which job containers in DinD reach over the network.")
  private CacheSpec cache = new CacheSpec();

  @JsonPropertyDescription("Extra environment variables for the runner container. Never put a token or a "
      + "password here: the policy reports it.")
  private List<EnvVar> extraEnv = new ArrayList<>();

  @JsonPropertyDescription("CIDRs the runner may reach the instance in. Defaults to 0.0.0.0/0 on the URL's port.")
  private List<String> instanceCIDRs = new ArrayList<>();

  @JsonPropertyDescription("Compute resources of the runner container.")
  private ResourceRequirements resources;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getInstanceURL() {
    return instanceURL;
  }

  public void setInstanceURL(String instanceURL) {
    this.instanceURL = instanceURL;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getLabels() {
    return labels;
  }

  public void setLabels(List<String> labels) {
    this.labels = labels;
  }

  public Integer getCapacity() {
    return capacity;
  }

  public void setCapacity(Integer capacity) {
    this.capacity = capacity;
  }

  public RegistrationSpec getRegistration() {
    return registration;
  }

  public void setRegistration(RegistrationSpec registration) {
    this.registration = registration;
  }

  public CaBundleSpec getInstanceCA() {
    return instanceCA;
  }

  public void setInstanceCA(CaBundleSpec instanceCA) {
    this.instanceCA = instanceCA;
  }

  public Boolean getInsecureSkipVerify() {
    return insecureSkipVerify;
  }

  public void setInsecureSkipVerify(Boolean insecureSkipVerify) {
    this.insecureSkipVerify = insecureSkipVerify;
  }

  public CacheSpec getCache() {
    return cache;
  }

  public void setCache(CacheSpec cache) {
    this.cache = cache;
  }

  public List<EnvVar> getExtraEnv() {
    return extraEnv;
  }

  public void setExtraEnv(List<EnvVar> extraEnv) {
    this.extraEnv = extraEnv;
  }

  public List<String> getInstanceCIDRs() {
    return instanceCIDRs;
  }

  public void setInstanceCIDRs(List<String> instanceCIDRs) {
    this.instanceCIDRs = instanceCIDRs;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }
}
