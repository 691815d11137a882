package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.ServiceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Services and NetworkPolicies of a stack. */
final class Networking {
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final StackSettings settings;
  private final StackNames names;
  private final OwnerReference owner;

  Networking(StackSettings settings, OwnerReference owner) {
    this.settings = settings;
    this.names = settings.names();
    this.owner = owner;
  }

  List<HasMetadata> services() {
    List<HasMetadata> services = new ArrayList<>();
    List<ServicePort> dindPorts = new ArrayList<>();
    if (settings.dindPlainTCP()) {
      dindPorts.add(servicePort("docker", Ports.DOCKER_PLAIN));
    } else {
      dindPorts.add(servicePort("docker-tls", Ports.DOCKER_TLS));
    }
    services.add(service(names.dind(), Component.DIND, settings.dindServiceType(), dindPorts));
    if (settings.registryEnabled()) {
      services.add(service(names.registry(), Component.REGISTRY, settings.registryServiceType(),
          List.of(servicePort(settings.registryPlainHTTP() ? "http" : "https", Ports.REGISTRY))));
    }
    if (settings.cacheEnabled()) {
      services.add(service(names.runnerCache(), Component.RUNNER, ServiceType.ClusterIP,
          List.of(servicePort("cache-proxy", settings.cacheProxyPort()))));
    }
    return services;
  }

  List<HasMetadata> networkPolicies() {
    List<HasMetadata> policies = new ArrayList<>();
    policies.add(new NetworkPolicyBuilder()
        .withMetadata(StackModel.metadata(names.defaultDenyPolicy(), names, Component.STACK, owner))
        .withNewSpec()
        .withPodSelector(selector(StackLabels.stackSelector(names.stack())))
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build());
    policies.add(dindPolicy());
    if (settings.registryEnabled()) {
      policies.add(registryPolicy());
    }
    policies.add(runnerPolicy());
    return policies;
  }

  /** DinD: the Docker API for this stack's runner only; egress carries all job traffic. */
  private NetworkPolicy dindPolicy() {
    int dockerPort = settings.dindPlainTCP() ? Ports.DOCKER_PLAIN : Ports.DOCKER_TLS;
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    egress.add(dnsEgress());
    if (settings.registryEnabled()) {
      egress.add(egressTo(podPeer(Component.REGISTRY), tcp(Ports.REGISTRY)));
    }
    if (settings.cacheEnabled()) {
      egress.add(egressTo(podPeer(Component.RUNNER), tcp(settings.cacheProxyPort())));
    }
    List<NetworkPolicyPeer> internet = new ArrayList<>();
    for (String cidr : settings.egressAllowed()) {
      internet.add(new NetworkPolicyPeerBuilder()
          .withNewIpBlock()
          .withCidr(cidr)
          .withExcept(exceptWithin(cidr))
          .endIpBlock()
          .build());
    }
    if (!internet.isEmpty()) {
      // No ports: jobs reach any port of the allowed ranges, as they would on a plain Docker host.
      egress.add(new NetworkPolicyEgressRuleBuilder().withTo(internet).build());
    }
    return policy(names.dind(), Component.DIND,
        List.of(ingressFrom(podPeer(Component.RUNNER), tcp(dockerPort))), egress);
  }

  /** Registry: reachable from this stack's DinD and runner on its port; it needs no egress. */
  private NetworkPolicy registryPolicy() {
    NetworkPolicyIngressRule ingress = new NetworkPolicyIngressRuleBuilder()
        .withFrom(podPeer(Component.DIND), podPeer(Component.RUNNER))
        .withPorts(tcp(Ports.REGISTRY))
        .build();
    return policy(names.registry(), Component.REGISTRY, List.of(ingress), List.of());
  }

  /** Runner: egress to DNS, DinD and the Forgejo instance; ingress only to the cache proxy from DinD. */
  private NetworkPolicy runnerPolicy() {
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    if (settings.cacheEnabled()) {
      ingress.add(ingressFrom(podPeer(Component.DIND), tcp(settings.cacheProxyPort())));
    }
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    egress.add(dnsEgress());
    egress.add(egressTo(podPeer(Component.DIND),
        tcp(settings.dindPlainTCP() ? Ports.DOCKER_PLAIN : Ports.DOCKER_TLS)));
    List<NetworkPolicyPeer> instance = settings.instanceCIDRs().stream()
        .map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock().build())
        .toList();
    egress.add(new NetworkPolicyEgressRuleBuilder()
        .withTo(instance)
        .withPorts(tcp(instancePort(settings.instanceURL())))
        .build());
    return policy(names.runner(), Component.RUNNER, ingress, egress);
  }

  /** Returns the instance URL's port, or the scheme's default port. */
  static int instancePort(String instanceURL) {
    URI uri = URI.create(instanceURL);
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /** Keeps only the excluded CIDRs that lie inside the allowed CIDR, because the API rejects any other. */
  private List<String> exceptWithin(String allowed) {
    return settings.egressExcept().stream().filter(except -> Cidrs.contains(allowed, except)).toList();
  }

  private NetworkPolicyEgressRule dnsEgress() {
    NetworkPolicyPeer dns = new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(selector(Map.of(NAMESPACE_NAME_LABEL, settings.dnsNamespace())))
        .withPodSelector(selector(settings.dnsPodLabels()))
        .build();
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(dns)
        .withPorts(port("UDP", Ports.DNS), port("TCP", Ports.DNS))
        .build();
  }

  private NetworkPolicy policy(String name, Component component, List<NetworkPolicyIngressRule> ingress,
      List<NetworkPolicyEgressRule> egress) {
    return new NetworkPolicyBuilder()
        .withMetadata(StackModel.metadata(name, names, component, owner))
        .withNewSpec()
        .withPodSelector(selector(StackLabels.selector(names.stack(), component)))
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  private NetworkPolicyPeer podPeer(Component component) {
    // A pod selector without a namespace selector matches pods of the policy's own namespace only.
    return new NetworkPolicyPeerBuilder()
        .withPodSelector(selector(StackLabels.selector(names.stack(), component)))
        .build();
  }

  private static NetworkPolicyIngressRule ingressFrom(NetworkPolicyPeer peer, NetworkPolicyPort port) {
    return new NetworkPolicyIngressRuleBuilder().withFrom(peer).withPorts(port).build();
  }

  private static NetworkPolicyEgressRule egressTo(NetworkPolicyPeer peer, NetworkPolicyPort port) {
    return new NetworkPolicyEgressRuleBuilder().withTo(peer).withPorts(port).build();
  }

  private static NetworkPolicyPort tcp(int number) {
    return port("TCP", number);
  }

  private static NetworkPolicyPort port(String protocol, int number) {
    return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(number)).build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(new java.util.TreeMap<>(labels)).build();
  }

  private Service service(String name, Component component, ServiceType type, List<ServicePort> ports) {
    return new ServiceBuilder()
        .withMetadata(StackModel.metadata(name, names, component, owner))
        .withNewSpec()
        .withType(type.name())
        .withSelector(StackLabels.selector(names.stack(), component))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .build();
  }
}
