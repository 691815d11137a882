package dev.runnerstack.operator.e2e;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator jar run as a local process, authenticated as the chart's ServiceAccount with a bound token,
 * so that what the tests exercise is the chart's RBAC and not the admin credentials.
 */
final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int httpPort;

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts the operator.
   *
   * @param admin a client with admin rights, used only to request the ServiceAccount's token
   * @param workDir where the ServiceAccount's kubeconfig and the operator log are written
   */
  static OperatorProcess start(KubernetesClient admin, String namespace, String serviceAccount, Path workDir)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path kubeconfig = writeServiceAccountKubeconfig(admin, namespace, serviceAccount, workDir);
    String configuredJar = System.getProperty("runnerstack.operatorJar");
    Path jar = configuredJar != null ? Path.of(configuredJar).toAbsolutePath()
        : LocalControlPlane.projectRoot().resolve("operator/target/runnerstack-operator-0.1.0-SNAPSHOT.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("operator jar " + jar + " does not exist; build it with mvn -DskipTests "
          + "package (mvn verify builds it before the end-to-end tests)");
    }
    int port = freePort();
    Path log = workDir.resolve("operator.log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "run",
        "--http-port=" + port, "--leader-election", "--lease-namespace=" + namespace))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    // The developer's own cluster settings must not leak into the test.
    builder.environment().remove("KUBERNETES_MASTER");
    OperatorProcess operator = new OperatorProcess(builder.start(), log, port);
    operator.awaitReady(Duration.ofMinutes(2));
    return operator;
  }

  Path log() {
    return log;
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(operator log " + log + " could not be read: " + e.getMessage() + ")";
    }
  }

  String metrics() throws IOException, InterruptedException {
    return get("/metrics").body();
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with code " + process.exitValue()
            + " before it was ready. Its log:\n" + logText());
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the operator did not report ready on /readyz within " + timeout
        + ". Its log:\n" + logText());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(5)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static Path writeServiceAccountKubeconfig(KubernetesClient admin, String namespace,
      String serviceAccount, Path workDir) throws IOException {
    TokenRequest request = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build());
    String token = request.getStatus().getToken();
    String caData = admin.getConfiguration().getCaCertData();
    if (caData == null && admin.getConfiguration().getCaCertFile() != null) {
      caData = Base64.getEncoder().encodeToString(
          Files.readAllBytes(Path.of(admin.getConfiguration().getCaCertFile())));
    }
    String kubeconfig = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: local",
        "  cluster:",
        "    server: " + admin.getConfiguration().getMasterUrl(),
        "    certificate-authority-data: " + caData,
        "users:",
        "- name: " + serviceAccount,
        "  user:",
        "    token: " + token,
        "contexts:",
        "- name: operator",
        "  context:",
        "    cluster: local",
        "    user: " + serviceAccount,
        "    namespace: " + namespace,
        "current-context: operator",
        "");
    Path file = workDir.resolve("operator-kubeconfig");
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
