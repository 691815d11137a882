package dev.runnerstack.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRequestTest {

  @Test
  void serverRequestNeedsDnsName() {
    assertThatThrownBy(() -> new CertificateRequest("registry", "registry", List.of(), CertificateRequest.Usage.SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'registry' has no DNS names");
  }

  @Test
  void clientRequestAllowsNoDnsNames() {
    CertificateRequest request = new CertificateRequest("dind-client", "runner", List.of(),
        CertificateRequest.Usage.CLIENT);

    assertThat(request.dnsNames()).isEmpty();
  }

  @Test
  void requestRejectsIpAddress() {
    assertThatThrownBy(() -> new CertificateRequest("dind-server", "dind", List.of("127.0.0.1"),
        CertificateRequest.Usage.SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'127.0.0.1' as a DNS name, but it is an IP address");
  }

  @Test
  void requestRejectsInvalidDnsName() {
    assertThatThrownBy(() -> new CertificateRequest("dind-server", "dind", List.of("dind_server.svc"),
        CertificateRequest.Usage.SERVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid DNS name 'dind_server.svc'");
  }

  @Test
  void requestAcceptsWildcard() {
    CertificateRequest request = new CertificateRequest("registry", "registry", List.of("*.registry.ci.svc"),
        CertificateRequest.Usage.SERVER);

    assertThat(request.dnsNames()).containsExactly("*.registry.ci.svc");
  }

  @Test
  void requestRejectsLongCommonName() {
    assertThatThrownBy(() -> new CertificateRequest("runner", "r".repeat(65), List.of(),
        CertificateRequest.Usage.CLIENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("commonName of 65 characters");
  }

  @Test
  void requestCopiesDnsNames() {
    List<String> names = new ArrayList<>(List.of("registry.ci.svc"));
    CertificateRequest request = new CertificateRequest("registry", "registry", names,
        CertificateRequest.Usage.SERVER);

    names.add("other.ci.svc");

    assertThat(request.dnsNames()).containsExactly("registry.ci.svc");
  }
}
