package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The cluster's DNS, for service names in certificates and the DNS egress rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkSpec {
  public static final String DEFAULT_DNS_NAMESPACE = "kube-system";
  public static final Map<String, String> DEFAULT_DNS_POD_LABELS = Map.of("k8s-app", "kube-dns");

  @JsonPropertyDescription("The cluster's DNS domain. Defaults to cluster.local.")
  private String clusterDomain;

  @JsonPropertyDescription("Namespace of the cluster DNS pods. Defaults to kube-system.")
  private String dnsNamespace;

  @JsonPropertyDescription("Labels of the cluster DNS pods. Defaults to k8s-app=kube-dns.")
  private Map<String, String> dnsPodLabels;

  public String getClusterDomain() {
    return clusterDomain;
  }

  public void setClusterDomain(String clusterDomain) {
    this.clusterDomain = clusterDomain;
  }

  public String getDnsNamespace() {
    return dnsNamespace;
  }

  public void setDnsNamespace(String dnsNamespace) {
    this.dnsNamespace = dnsNamespace;
  }

  public Map<String, String> getDnsPodLabels() {
    return dnsPodLabels;
  }

  public void setDnsPodLabels(Map<String, String> dnsPodLabels) {
    this.dnsPodLabels = dnsPodLabels;
  }
}
