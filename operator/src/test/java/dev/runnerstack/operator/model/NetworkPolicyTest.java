package dev.runnerstack.operator.model;

import static dev.runnerstack.operator.model.GeneratedObjects.deployments;
import static dev.runnerstack.operator.model.GeneratedObjects.networkPolicy;
import static dev.runnerstack.operator.model.GeneratedObjects.orEmpty;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.CacheSpec;
import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The NetworkPolicies allow exactly the connections the stack needs, with numeric ports. */
class NetworkPolicyTest {

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void stackHasFourPolicies(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    List<String> policies = StackModel.build(stack, "checksum").networkPolicies().stream()
        .map(policy -> policy.getMetadata().getName())
        .toList();

    assertThat(policies).containsExactly(name + "-default-deny", name + "-dind", name + "-registry",
        name + "-runner");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void defaultDenyHasNoRules(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    NetworkPolicy deny = networkPolicy(StackModel.build(stack, "checksum"), name + "-default-deny");

    assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of(
        "app.kubernetes.io/instance", name, "app.kubernetes.io/part-of", "runnerstack"));
    assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void defaultDenySelectsEveryPod(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");
    Map<String, String> selector = networkPolicy(state, stack.getMetadata().getName() + "-default-deny")
        .getSpec().getPodSelector().getMatchLabels();

    assertThat(deployments(state)).hasSize(3);
    for (Deployment deployment : deployments(state)) {
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .as(deployment.getMetadata().getName())
          .containsAllEntriesOf(selector);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void componentPoliciesSelectTheirPods(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();
    DesiredState state = StackModel.build(stack, "checksum");

    for (String component : List.of("dind", "registry", "runner")) {
      NetworkPolicy policy = networkPolicy(state, name + "-" + component);
      assertThat(policy.getSpec().getPodSelector().getMatchLabels()).as(component)
          .isEqualTo(podLabels(name, component));
      assertThat(policy.getSpec().getPolicyTypes()).as(component).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(GeneratedObjects.deployment(state, name + "-" + component).getSpec().getTemplate().getMetadata()
          .getLabels()).as(component).containsAllEntriesOf(podLabels(name, component));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void dindIngressOnlyFromRunner(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    List<NetworkPolicyIngressRule> ingress =
        networkPolicy(StackModel.build(stack, "checksum"), name + "-dind").getSpec().getIngress();

    assertThat(ingress).hasSize(1);
    assertPodPeers(ingress.get(0).getFrom(), podLabels(name, "runner"));
    assertThat(ports(ingress.get(0).getPorts())).containsExactly("TCP/2376");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void registryIngressFromDindAndRunner(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    NetworkPolicy registry = networkPolicy(StackModel.build(stack, "checksum"), name + "-registry");
    List<NetworkPolicyIngressRule> ingress = registry.getSpec().getIngress();

    assertThat(ingress).hasSize(1);
    assertPodPeers(ingress.get(0).getFrom(), podLabels(name, "dind"), podLabels(name, "runner"));
    assertThat(ports(ingress.get(0).getPorts())).containsExactly("TCP/5000");
    assertThat(registry.getSpec().getEgress()).isNullOrEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void runnerEgressRules(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    List<NetworkPolicyEgressRule> egress =
        networkPolicy(StackModel.build(stack, "checksum"), name + "-runner").getSpec().getEgress();

    assertThat(egress).hasSize(3);
    assertDnsRule(egress.get(0));
    assertPodPeers(egress.get(1).getTo(), podLabels(name, "dind"));
    assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/2376");
    assertThat(egress.get(2).getTo()).hasSize(1);
    assertThat(egress.get(2).getTo().get(0).getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
    assertThat(egress.get(2).getTo().get(0).getIpBlock().getExcept()).isNullOrEmpty();
    assertThat(ports(egress.get(2).getPorts())).containsExactly("TCP/443");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void runnerIngressEmptyWithoutCache(String example) {
    RunnerStack stack = ExampleStacks.load(example);

    NetworkPolicy runner = networkPolicy(StackModel.build(stack, "checksum"),
        stack.getMetadata().getName() + "-runner");

    assertThat(runner.getSpec().getIngress()).isNullOrEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void dindEgressRules(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    String name = stack.getMetadata().getName();

    List<NetworkPolicyEgressRule> egress =
        networkPolicy(StackModel.build(stack, "checksum"), name + "-dind").getSpec().getEgress();

    assertThat(egress).hasSize(3);
    assertDnsRule(egress.get(0));
    assertPodPeers(egress.get(1).getTo(), podLabels(name, "registry"));
    assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/5000");
    assertThat(egress.get(2).getTo()).hasSize(1);
    assertThat(egress.get(2).getTo().get(0).getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
    assertThat(egress.get(2).getTo().get(0).getIpBlock().getExcept()).containsExactlyInAnyOrder(
        "169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10");
    assertThat(egress.get(2).getPorts()).isNullOrEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void everyPortIsNumeric(String example) {
    List<NetworkPolicyPort> ports = ExampleStacks.build(example).networkPolicies().stream()
        .map(NetworkPolicy.class::cast)
        .flatMap(NetworkPolicyTest::allPorts)
        .toList();

    assertThat(ports).isNotEmpty();
    for (NetworkPolicyPort port : ports) {
      assertThat(port.getPort().getIntVal()).as(port.toString()).isNotNull();
      assertThat(port.getPort().getStrVal()).as(port.toString()).isNull();
      assertThat(port.getProtocol()).as(port.toString()).isIn("TCP", "UDP");
    }
  }

  @Test
  void cacheOpensOnlyProxyPort() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().getCache().setEnabled(true);
    DesiredState state = StackModel.build(stack, "checksum");

    List<NetworkPolicyIngressRule> runnerIngress = networkPolicy(state, "ci-runner").getSpec().getIngress();

    assertThat(runnerIngress).hasSize(1);
    assertPodPeers(runnerIngress.get(0).getFrom(), podLabels("ci", "dind"));
    assertThat(ports(runnerIngress.get(0).getPorts())).containsExactly("TCP/" + CacheSpec.DEFAULT_PROXY_PORT);
  }

  @Test
  void cacheLetsDindReachProxy() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().getCache().setEnabled(true);
    stack.getSpec().getRunner().getCache().setProxyPort(4123);
    DesiredState state = StackModel.build(stack, "checksum");

    List<NetworkPolicyEgressRule> toRunner = networkPolicy(state, "ci-dind").getSpec().getEgress().stream()
        .filter(rule -> orEmpty(rule.getTo()).stream().anyMatch(peer -> peer.getPodSelector() != null
            && podLabels("ci", "runner").equals(peer.getPodSelector().getMatchLabels())))
        .toList();

    assertThat(toRunner).hasSize(1);
    assertPodPeers(toRunner.get(0).getTo(), podLabels("ci", "runner"));
    assertThat(ports(toRunner.get(0).getPorts())).containsExactly("TCP/4123");
    assertThat(ports(networkPolicy(state, "ci-runner").getSpec().getIngress().get(0).getPorts()))
        .containsExactly("TCP/4123");
  }

  @Test
  void instancePortFollowsUrl() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().setInstanceURL("https://forgejo.example.com:3443");
    stack.getSpec().getRunner().setInstanceCIDRs(List.of("203.0.113.0/24"));

    List<NetworkPolicyEgressRule> egress =
        networkPolicy(StackModel.build(stack, "checksum"), "ci-runner").getSpec().getEgress();
    NetworkPolicyEgressRule instance = egress.get(egress.size() - 1);

    assertThat(instance.getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("203.0.113.0/24");
    assertThat(ports(instance.getPorts())).containsExactly("TCP/3443");
  }

  @Test
  void dnsSettingsReachEgress() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getNetwork().setDnsNamespace("dns-system");
    stack.getSpec().getNetwork().setDnsPodLabels(Map.of("app", "coredns"));

    NetworkPolicyPeer dns = networkPolicy(StackModel.build(stack, "checksum"), "ci-runner").getSpec().getEgress()
        .get(0).getTo().get(0);

    assertThat(dns.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "dns-system"));
    assertThat(dns.getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "coredns"));
  }

  private static Map<String, String> podLabels(String stack, String component) {
    return Map.of("app.kubernetes.io/instance", stack, "app.kubernetes.io/component", component,
        "app.kubernetes.io/part-of", "runnerstack");
  }

  /** Asserts that the peers are exactly same-namespace pod selectors with these labels, in this order. */
  @SafeVarargs
  private static void assertPodPeers(List<NetworkPolicyPeer> peers, Map<String, String>... labels) {
    assertThat(peers).hasSize(labels.length);
    for (int i = 0; i < labels.length; i++) {
      NetworkPolicyPeer peer = peers.get(i);
      assertThat(peer.getPodSelector().getMatchLabels()).as("peer " + i).isEqualTo(labels[i]);
      // A pod selector without a namespace selector matches only the policy's own namespace.
      assertThat(peer.getNamespaceSelector()).as("peer " + i + " namespaceSelector").isNull();
      assertThat(peer.getIpBlock()).as("peer " + i + " ipBlock").isNull();
    }
  }

  private static void assertDnsRule(NetworkPolicyEgressRule rule) {
    assertThat(rule.getTo()).hasSize(1);
    NetworkPolicyPeer dns = rule.getTo().get(0);
    assertThat(dns.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
    assertThat(dns.getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(dns.getIpBlock()).isNull();
    assertThat(ports(rule.getPorts())).containsExactlyInAnyOrder("UDP/53", "TCP/53");
  }

  /** Returns each port as PROTOCOL/NUMBER. A named port shows as PROTOCOL/name, so it fails the expectations. */
  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return orEmpty(ports).stream()
        .map(port -> port.getProtocol() + "/" + (port.getPort().getIntVal() != null
            ? port.getPort().getIntVal().toString() : port.getPort().getStrVal()))
        .toList();
  }

  private static Stream<NetworkPolicyPort> allPorts(NetworkPolicy policy) {
    Stream<NetworkPolicyPort> ingress = orEmpty(policy.getSpec().getIngress()).stream()
        .flatMap(rule -> orEmpty(rule.getPorts()).stream());
    Stream<NetworkPolicyPort> egress = orEmpty(policy.getSpec().getEgress()).stream()
        .flatMap(rule -> orEmpty(rule.getPorts()).stream());
    return Stream.concat(ingress, egress);
  }
}
