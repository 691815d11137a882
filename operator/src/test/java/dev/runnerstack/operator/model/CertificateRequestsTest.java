package dev.runnerstack.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.pki.CertificateRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The certificates a stack requests carry every name its clients use. */
class CertificateRequestsTest {

  @Test
  void secureDefaultDindServerNames() {
    CertificateRequest dind = request(ExampleStacks.build(ExampleStacks.SECURE_DEFAULT), "dind-server");

    assertThat(dind.dnsNames()).containsExactlyInAnyOrder(
        "ci-dind", "ci-dind.ci-ns", "ci-dind.ci-ns.svc", "ci-dind.ci-ns.svc.cluster.local");
    assertThat(dind.commonName()).isEqualTo("ci-dind");
    assertThat(dind.usage()).isEqualTo(CertificateRequest.Usage.SERVER);
  }

  @Test
  void secureDefaultRegistryServerNames() {
    CertificateRequest registry = request(ExampleStacks.build(ExampleStacks.SECURE_DEFAULT), "registry-server");

    assertThat(registry.dnsNames()).containsExactlyInAnyOrder(
        "ci-registry", "ci-registry.ci-ns", "ci-registry.ci-ns.svc", "ci-registry.ci-ns.svc.cluster.local");
    assertThat(registry.commonName()).isEqualTo("ci-registry");
    assertThat(registry.usage()).isEqualTo(CertificateRequest.Usage.SERVER);
  }

  @Test
  void secureDefaultDindClientCertificate() {
    CertificateRequest client = request(ExampleStacks.build(ExampleStacks.SECURE_DEFAULT), "dind-client");

    assertThat(client.commonName()).isEqualTo("ci-runner");
    assertThat(client.usage()).isEqualTo(CertificateRequest.Usage.CLIENT);
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void requestsAreThreeCertificates(String example) {
    DesiredState state = ExampleStacks.build(example);

    assertThat(state.certificates()).extracting(CertificateRequest::name)
        .containsExactly("dind-server", "dind-client", "registry-server");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void serverNamesCoverEveryServiceName(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    DesiredState state = StackModel.build(stack, "checksum");
    String name = stack.getMetadata().getName();

    assertThat(request(state, "dind-server").dnsNames())
        .containsExactlyInAnyOrderElementsOf(serviceNames(name + "-dind"));
    assertThat(request(state, "registry-server").dnsNames())
        .containsExactlyInAnyOrderElementsOf(serviceNames(name + "-registry"));
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void dindNamesCoverDockerHost(String example) {
    DesiredState state = ExampleStacks.build(example);
    String dockerHost = URI.create(state.settings().dockerHost()).getHost();

    assertThat(request(state, "dind-server").dnsNames()).contains(dockerHost);
  }

  @Test
  void clusterDomainReachesNames() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getNetwork().setClusterDomain("corp.example");

    DesiredState state = StackModel.build(stack, "checksum");

    assertThat(request(state, "dind-server").dnsNames()).contains("ci-dind.ci-ns.svc.corp.example");
    assertThat(request(state, "dind-server").dnsNames()).doesNotContain("ci-dind.ci-ns.svc.cluster.local");
    assertThat(request(state, "registry-server").dnsNames()).contains("ci-registry.ci-ns.svc.corp.example");
  }

  @Test
  void disabledRegistryRequestsNoCertificate() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRegistry().setEnabled(false);

    DesiredState state = StackModel.build(stack, "checksum");

    assertThat(state.certificates()).extracting(CertificateRequest::name)
        .containsExactly("dind-server", "dind-client");
  }

  private static List<String> serviceNames(String service) {
    String namespace = ExampleStacks.NAMESPACE;
    return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  private static CertificateRequest request(DesiredState state, String name) {
    return state.certificates().stream()
        .filter(request -> name.equals(request.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no certificate request " + name));
  }
}
