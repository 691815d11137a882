package dev.runnerstack.operator.reconciler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the operator: client, JOSDK, metrics, the health and metrics endpoint, and shutdown. */
public final class OperatorRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  /** Command-line settings of a running operator. */
  public record Settings(List<String> watchNamespaces, int httpPort, boolean leaderElection, String leaseNamespace,
      String leaseName) {
  }

  private final Operator operator;
  private final HttpServer http;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private OperatorRuntime(Operator operator, HttpServer http) {
    this.operator = operator;
    this.http = http;
  }

  public static OperatorRuntime start(Settings settings) throws IOException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    Operator operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          // Per-resource metrics would add series for every RunnerStack name; these stay bounded.
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (settings.leaderElection()) {
        overrider.withLeaderElectionConfiguration(
            new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace()));
      }
    });
    Clock clock = Clock.systemUTC();
    RunnerStackReconciler reconciler = new RunnerStackReconciler(clock,
        RunnerStackReconciler.CertificateManagerFactory.withClock(clock), new OperatorMetrics(registry),
        ObjectWriter.SERVER_SIDE_APPLY);
    operator.register(reconciler, configuration -> {
      if (!settings.watchNamespaces().isEmpty()) {
        configuration.settingNamespaces(new HashSet<>(settings.watchNamespaces()));
      }
    });

    HttpServer http = HttpServer.create(new InetSocketAddress(settings.httpPort()), 0);
    http.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n", "text/plain"));
    http.createContext("/readyz", exchange -> {
      boolean ready = operator.getRuntimeInfo().isStarted()
          && operator.getRuntimeInfo().allEventSourcesAreHealthy();
      respond(exchange, ready ? 200 : 503, ready ? "ok\n" : "informers are not synced or not healthy\n",
          "text/plain");
    });
    http.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape(),
        "text/plain; version=0.0.4; charset=utf-8"));
    http.start();

    OperatorRuntime runtime = new OperatorRuntime(operator, http);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::stop, "runnerstack-shutdown"));
    LOG.info("Starting the operator; namespaces: {}; health and metrics on port {}; leader election: {}",
        settings.watchNamespaces().isEmpty() ? "all" : String.join(",", settings.watchNamespaces()),
        settings.httpPort(), settings.leaderElection());
    operator.start();
    return runtime;
  }

  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  private void stop() {
    LOG.info("Stopping the operator");
    try {
      operator.stop();
    } finally {
      http.stop(0);
      stopped.countDown();
    }
  }

  private static void respond(HttpExchange exchange, int code, String body, String contentType) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
