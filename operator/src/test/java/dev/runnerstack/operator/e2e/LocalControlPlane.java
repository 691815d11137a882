package dev.runnerstack.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local control plane of hack/controlplane.sh: kube-apiserver, etcd, kube-controller-manager,
 * kube-scheduler and kwok on loopback, built from Go modules. Starting it builds what is missing and reuses a
 * control plane that is already up.
 */
final class LocalControlPlane {
  /** A cold build compiles Kubernetes from source, which takes long on a small machine. */
  private static final long START_TIMEOUT_MINUTES = 75;

  private final Path root;
  private final Path kubeconfig;
  private final Path binDir;

  private LocalControlPlane(Path root, Path kubeconfig, Path binDir) {
    this.root = root;
    this.kubeconfig = kubeconfig;
    this.binDir = binDir;
  }

  /**
   * Returns the repository root: the runnerstack.projectRoot property that Maven sets, or else the nearest
   * directory above the working directory that contains hack/controlplane.sh.
   */
  static Path projectRoot() {
    String configured = System.getProperty("runnerstack.projectRoot");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("hack/controlplane.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (a directory with hack/controlplane.sh) "
        + "above " + Path.of("").toAbsolutePath() + "; set -Drunnerstack.projectRoot=<repository>");
  }

  /** Starts the control plane, or fails with the script's own explanation of what could not be built or run. */
  static LocalControlPlane start() throws IOException, InterruptedException {
    Path root = projectRoot();
    Path script = root.resolve("hack/controlplane.sh");
    Process process = new ProcessBuilder("bash", script.toString(), "start")
        .directory(root.toFile())
        // Progress and errors go to the test output; stdout carries the kubeconfig path.
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(START_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("hack/controlplane.sh start did not finish within " + START_TIMEOUT_MINUTES
          + " minutes; see its progress lines above");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(script + " start failed with exit code " + process.exitValue()
          + "; its error is printed above. The end-to-end tests and the demo need this local control plane.");
    }
    String[] lines = stdout.strip().split("\n");
    Path kubeconfig = Path.of(lines[lines.length - 1].strip());
    if (!Files.isRegularFile(kubeconfig)) {
      throw new IllegalStateException("hack/controlplane.sh start printed " + kubeconfig
          + " as the kubeconfig, but no such file exists");
    }
    return new LocalControlPlane(root, kubeconfig, binDir(kubeconfig));
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  Path binary(String name) {
    return binDir.resolve(name);
  }

  /** Runs the control plane's kubectl with the admin kubeconfig. */
  CommandResult kubectl(String... args) throws IOException, InterruptedException {
    return kubectlAs(kubeconfig, args);
  }

  CommandResult kubectlAs(Path config, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary("kubectl").toString());
    command.add("--kubeconfig=" + config);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish within 5 minutes");
    }
    return new CommandResult(process.exitValue(), output);
  }

  record CommandResult(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Reads the binary directory that hack/controlplane.sh records next to the kubeconfig. */
  private static Path binDir(Path kubeconfig) throws IOException {
    Path record = kubeconfig.resolveSibling("bin-dir");
    if (!Files.isRegularFile(record)) {
      throw new IllegalStateException("hack/controlplane.sh did not record its binary directory in " + record);
    }
    return Path.of(Files.readString(record, StandardCharsets.UTF_8).strip());
  }
}
