package dev.runnerstack.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runnerstack.operator.model.StackLabels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificate renewal through the reconciler, with a clock the test moves forward. */
@EnableKubernetesMockClient(crud = true)
class CertificateRenewalMockTest {
  static KubernetesClient client;

  private static final MovableClock CLOCK = new MovableClock(Instant.now());
  private static Operator operator;

  @BeforeAll
  static void startOperator() {
    operator = MockOperator.start(client, CLOCK, new SimpleMeterRegistry());
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void leafRenewedInWindowAndPodsRoll() {
    String namespace = "renewal";
    Examples.apply(client, "secure-default.yaml", Examples.stack("secure-default.yaml"), namespace);
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(namespace).withName("ci-dind").get()).isNotNull());

    String caBefore = data(namespace, "ci-ca", "ca.crt");
    String serverBefore = data(namespace, "ci-dind-server-tls", "cert.pem");
    String checksumBefore = checksum(namespace);

    // Leaf certificates last a year and are renewed 30 days before they expire.
    CLOCK.advance(Duration.ofDays(340));
    client.secrets().inNamespace(namespace).withName("forgejo-runner-token").edit(secret -> {
      secret.getMetadata().getLabels().put("touched", "renewal");
      return secret;
    });

    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(data(namespace, "ci-dind-server-tls", "cert.pem")).isNotEqualTo(serverBefore));
    await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
        assertThat(checksum(namespace)).isNotEqualTo(checksumBefore));
    assertThat(data(namespace, "ci-ca", "ca.crt")).as("the CA lasts five years and is kept").isEqualTo(caBefore);
  }

  private static String data(String namespace, String secret, String key) {
    Secret found = client.secrets().inNamespace(namespace).withName(secret).get();
    assertThat(found).as("Secret " + secret).isNotNull();
    return found.getData().get(key);
  }

  private static String checksum(String namespace) {
    Deployment dind = client.apps().deployments().inNamespace(namespace).withName("ci-dind").get();
    return dind.getSpec().getTemplate().getMetadata().getAnnotations().get(StackLabels.CERTIFICATES_CHECKSUM);
  }

  /** A clock that tests move forward; reads are thread-safe because the reconciler runs on its own threads. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
