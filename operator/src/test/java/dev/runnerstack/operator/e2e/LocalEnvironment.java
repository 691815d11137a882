package dev.runnerstack.operator.e2e;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The steps a user takes to get the operator running, shared by the end-to-end tests and the demo: start the
 * local control plane, install the chart with Helm and run the operator under the chart's ServiceAccount.
 */
final class LocalEnvironment implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  static final String OPERATOR_NAMESPACE = "runnerstack-system";
  static final String RELEASE = "runnerstack-operator";
  /** Enough static volumes for the examples' claims, since the local control plane has no provisioner. */
  static final int PERSISTENT_VOLUMES = 12;

  final LocalControlPlane controlPlane;
  final KubernetesClient admin;
  final Path chart;
  final Path workDir;
  OperatorProcess operator;

  private LocalEnvironment(LocalControlPlane controlPlane, KubernetesClient admin, Path chart, Path workDir) {
    this.controlPlane = controlPlane;
    this.admin = admin;
    this.chart = chart;
    this.workDir = workDir;
  }

  static LocalEnvironment start(String workDirName) throws IOException, InterruptedException {
    LocalControlPlane controlPlane = LocalControlPlane.start();
    KubernetesClient admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
        Files.readString(controlPlane.kubeconfig(), StandardCharsets.UTF_8))).build();
    Path root = LocalControlPlane.projectRoot();
    Path workDir = root.resolve("operator/target").resolve(workDirName);
    Files.createDirectories(workDir);
    return new LocalEnvironment(controlPlane, admin, root.resolve("helm/runnerstack-operator"), workDir);
  }

  /** Installs the chart, or upgrades it when a release exists, and starts the operator as a local process. */
  void installChartAndStartOperator() throws Exception {
    new Helm(chart).upgrade()
        .install()
        .withName(RELEASE)
        .withNamespace(OPERATOR_NAMESPACE)
        .createNamespace()
        .withKubeConfig(controlPlane.kubeconfig())
        .set("leaderElection.enabled", "true")
        .call();
    operator = OperatorProcess.start(admin, OPERATOR_NAMESPACE, serviceAccount(), workDir);
  }

  void uninstallChart() throws Exception {
    if (admin.namespaces().withName(OPERATOR_NAMESPACE).get() != null) {
      Helm.uninstall(RELEASE).withKubeConfig(controlPlane.kubeconfig()).withNamespace(OPERATOR_NAMESPACE)
          .ignoreNotFound().call();
    }
  }

  String serviceAccount() {
    return admin.serviceAccounts().inNamespace(OPERATOR_NAMESPACE)
        .withLabel("app.kubernetes.io/instance", RELEASE).list().getItems().stream()
        .map(ServiceAccount::getMetadata).map(meta -> meta.getName()).findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart created no ServiceAccount labelled with release "
            + RELEASE + " in " + OPERATOR_NAMESPACE));
  }

  /** Replaces the static volumes; a volume still bound to a claim is left alone. */
  void createPersistentVolumes() {
    for (int i = 0; i < PERSISTENT_VOLUMES; i++) {
      String name = "runnerstack-local-pv-" + i;
      var existing = admin.persistentVolumes().withName(name).get();
      if (existing != null && existing.getSpec().getClaimRef() != null
          && "Bound".equals(existing.getStatus() == null ? null : existing.getStatus().getPhase())) {
        continue;
      }
      if (existing != null) {
        admin.persistentVolumes().withName(name).withTimeout(30, TimeUnit.SECONDS).delete();
      }
      admin.persistentVolumes().resource(new PersistentVolumeBuilder()
          .withNewMetadata().withName(name).endMetadata()
          .withNewSpec()
          .withCapacity(Map.of("storage", new Quantity("100Gi")))
          .withAccessModes("ReadWriteOnce")
          .withPersistentVolumeReclaimPolicy("Retain")
          // kwok runs no kubelet, so nothing is mounted from this path.
          .withNewHostPath().withPath("/var/lib/runnerstack-local/" + name).endHostPath()
          .endSpec()
          .build()).create();
    }
  }

  @Override
  public void close() throws Exception {
    if (operator != null) {
      operator.close();
    }
    admin.close();
  }
}
