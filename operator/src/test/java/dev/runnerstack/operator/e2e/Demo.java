package dev.runnerstack.operator.e2e;

import dev.runnerstack.operator.e2e.LocalControlPlane.CommandResult;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command demo: a local control plane, the chart installed with Helm, the operator running under the
 * chart's ServiceAccount, and the secure example applied. Runs until Ctrl-C, then stops the operator and the
 * control plane. Started by hack/demo.sh.
 */
public final class Demo {
  static final String NAMESPACE = "demo";

  private Demo() {
  }

  public static void main(String[] args) throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    LocalEnvironment environment = LocalEnvironment.start("demo");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(environment, interrupted), "demo-shutdown"));

    step("Installing the chart " + environment.chart + " with Helm");
    environment.createPersistentVolumes();
    environment.installChartAndStartOperator();
    System.out.println("The operator runs as a local process under ServiceAccount "
        + LocalEnvironment.OPERATOR_NAMESPACE + "/" + environment.serviceAccount() + "; its log: "
        + environment.operator.log());

    step("kubectl apply -n " + NAMESPACE + " -f examples/secure-default.yaml");
    environment.controlPlane.kubectl("create", "namespace", NAMESPACE);
    print(environment.controlPlane.kubectl("apply", "-n", NAMESPACE, "-f", "examples/secure-default.yaml"));

    step("kubectl wait --for=condition=Ready runnerstack/ci -n " + NAMESPACE);
    print(environment.controlPlane.kubectl("wait", "--for=condition=Ready", "runnerstack/ci", "-n", NAMESPACE,
        "--timeout=300s"));

    step("kubectl get runnerstacks -n " + NAMESPACE);
    print(environment.controlPlane.kubectl("get", "runnerstacks", "-n", NAMESPACE));

    step("Status conditions");
    print(environment.controlPlane.kubectl("get", "runnerstack", "ci", "-n", NAMESPACE, "-o",
        "jsonpath={range .status.conditions[*]}{.type}{\"\\t\"}{.status}{\"\\t\"}{.reason}{\"\\t\"}"
            + "{.message}{\"\\n\"}{end}"));

    step("Violations");
    print(environment.controlPlane.kubectl("get", "runnerstack", "ci", "-n", NAMESPACE, "-o",
        "jsonpath={range .status.violations[*]}{.rule}{\" \"}{.severity}{\" \"}{.field}{\": \"}{.message}"
            + "{\"\\n\"}{end}"));

    step("Generated objects");
    print(environment.controlPlane.kubectl("get", "deployments,services,networkpolicies,pvc,secrets", "-n",
        NAMESPACE));

    System.out.println();
    System.out.println("Try it yourself in another terminal:");
    System.out.println("  export KUBECONFIG=" + environment.controlPlane.kubeconfig());
    System.out.println("  export PATH=" + environment.controlPlane.binary("kubectl").getParent() + ":$PATH");
    System.out.println("  kubectl get runnerstacks -A");
    System.out.println();
    System.out.println("Press Ctrl-C to stop the operator and the control plane.");
    interrupted.await();
  }

  private static void shutdown(LocalEnvironment environment, CountDownLatch interrupted) {
    System.out.println();
    System.out.println("Stopping the operator and the local control plane...");
    try {
      environment.close();
      // The script's output goes to a file: after Ctrl-C the terminal or a pipe reading stdout may be gone, and
      // a write to a closed pipe would end the script before it stopped every component.
      Path log = environment.workDir.resolve("controlplane-stop.log");
      int exit = new ProcessBuilder("bash", LocalControlPlane.projectRoot().resolve("hack/controlplane.sh")
          .toString(), "stop").redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
      System.out.println(exit == 0 ? "Stopped." : "hack/controlplane.sh stop failed with exit code " + exit
          + "; see " + log);
    } catch (Exception e) {
      System.err.println("Stopping failed: " + e.getMessage() + ". Run hack/controlplane.sh stop by hand.");
    } finally {
      interrupted.countDown();
    }
  }

  private static void step(String title) {
    System.out.println();
    System.out.println("==> " + title);
  }

  private static void print(CommandResult result) {
    System.out.print(result.output());
    if (!result.ok()) {
      System.out.println("(exit code " + result.exitCode() + ")");
    }
  }
}
