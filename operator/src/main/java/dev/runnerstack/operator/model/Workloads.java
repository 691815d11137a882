package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.RegistrationSpec;
import dev.runnerstack.operator.api.SecretKeyRef;
import dev.runnerstack.operator.api.StorageSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Deployments of a stack: DinD, the registry and the runner. */
final class Workloads {
  /** UID and GID of the runner and registry processes, and of the rootless DinD image's user. */
  static final long NON_ROOT_UID = 1000L;
  static final String REGISTRATION_DIR = "/var/run/secrets/runnerstack/registration";
  static final String INSTANCE_CA_DIR = "/etc/runnerstack/instance-ca";
  static final String ROOTLESS_HOME = "/home/rootless";

  private final StackSettings settings;
  private final StackNames names;
  private final OwnerReference owner;
  private final String certificatesChecksum;

  Workloads(StackSettings settings, OwnerReference owner, String certificatesChecksum) {
    this.settings = settings;
    this.names = settings.names();
    this.owner = owner;
    this.certificatesChecksum = certificatesChecksum;
  }

  List<HasMetadata> deployments(String runnerConfig, String daemonJson) {
    List<HasMetadata> deployments = new ArrayList<>();
    deployments.add(deployment(names.dind(), Component.DIND, dindPod(), sha256(daemonJson)));
    if (settings.registryEnabled()) {
      deployments.add(deployment(names.registry(), Component.REGISTRY, registryPod(), ""));
    }
    deployments.add(deployment(names.runner(), Component.RUNNER, runnerPod(), sha256(runnerConfig)));
    return deployments;
  }

  private Deployment deployment(String name, Component component, PodSpec pod, String configChecksum) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (!certificatesChecksum.isEmpty()) {
      annotations.put(StackLabels.CERTIFICATES_CHECKSUM, certificatesChecksum);
    }
    if (!configChecksum.isEmpty()) {
      annotations.put(StackLabels.CONFIG_CHECKSUM, configChecksum);
    }
    return new DeploymentBuilder()
        .withMetadata(StackModel.metadata(name, names, component, owner))
        .withNewSpec()
        .withReplicas(1)
        // Each component has one pod on a ReadWriteOnce volume, so the old pod must stop before the new starts.
        .withNewStrategy().withType("Recreate").endStrategy()
        .withNewSelector().withMatchLabels(StackLabels.selector(names.stack(), component)).endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(StackLabels.of(names.stack(), component))
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  // ---- DinD ----

  private PodSpec dindPod() {
    boolean rootless = settings.rootless();
    String dataDir = rootless ? ROOTLESS_HOME + "/.local/share/docker" : "/var/lib/docker";
    String configDir = rootless ? ROOTLESS_HOME + "/.config/docker" : "/etc/docker";

    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("docker-data", dataDir, false));
    mounts.add(new VolumeMountBuilder().withName("daemon-config").withMountPath(configDir + "/daemon.json")
        .withSubPath("daemon.json").withReadOnly(true).build());
    List<Volume> volumes = new ArrayList<>();
    volumes.add(settings.dindStorageType() == StorageSpec.Type.PersistentVolumeClaim
        ? claimVolume("docker-data", names.dindData())
        : new VolumeBuilder().withName("docker-data").withNewEmptyDir()
            .withSizeLimit(new Quantity(settings.dindStorageSize())).endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName("daemon-config").withNewConfigMap()
        .withName(names.dindConfig()).endConfigMap().build());

    List<EnvVar> env = new ArrayList<>();
    List<String> args = new ArrayList<>();
    List<ContainerPort> ports = new ArrayList<>();
    if (settings.dindPlainTCP()) {
      // The legacy setup: an empty DOCKER_TLS_CERTDIR turns TLS off in the image's entrypoint.
      env.add(env("DOCKER_TLS_CERTDIR", ""));
      args.add("--host=tcp://0.0.0.0:" + Ports.DOCKER_PLAIN);
      ports.add(containerPort("docker", Ports.DOCKER_PLAIN));
    } else {
      // The entrypoint uses the supplied ca/cert.pem and server/* as they are, because the CA key is absent,
      // and listens on 2376 with --tlsverify, so only clients with a certificate from the stack's CA connect.
      env.add(env("DOCKER_TLS_CERTDIR", "/certs"));
      mounts.add(mount("certs", "/certs", false));
      mounts.add(mount("dind-ca", "/certs/ca", true));
      mounts.add(mount("dind-server-tls", "/certs/server", true));
      volumes.add(new VolumeBuilder().withName("certs").withNewEmptyDir().endEmptyDir().build());
      volumes.add(secretVolume("dind-ca", names.dindServerSecret(), List.of(new KeyToPath("ca.pem", null,
          "cert.pem"))));
      volumes.add(secretVolume("dind-server-tls", names.dindServerSecret(), List.of(
          new KeyToPath("ca.pem", null, "ca.pem"), new KeyToPath("cert.pem", null, "cert.pem"),
          new KeyToPath("key.pem", null, "key.pem"))));
      ports.add(containerPort("docker-tls", Ports.DOCKER_TLS));
    }
    if (settings.registryEnabled() && !settings.registryPlainHTTP()) {
      // certs.d/<host:port>/ca.crt makes the daemon trust the registry through the stack's CA.
      List<KeyToPath> items = settings.names().serviceDnsNames(names.registry()).stream()
          .map(host -> new KeyToPath("ca.crt", null, host + ":" + Ports.REGISTRY + "/ca.crt"))
          .toList();
      volumes.add(secretVolume("registry-ca", names.registrySecret(), items));
      mounts.add(mount("registry-ca", configDir + "/certs.d", true));
    }

    SecurityContextBuilder security = new SecurityContextBuilder();
    if (settings.dindPrivileged()) {
      // Docker needs mount, namespace and cgroup operations that only a privileged container allows,
      // in rootless mode too (for its user namespace). The policy reports it.
      security.withPrivileged(true);
    } else {
      security.withPrivileged(false).withAllowPrivilegeEscalation(false);
    }
    if (rootless) {
      security.withRunAsUser(NON_ROOT_UID).withRunAsGroup(NON_ROOT_UID).withRunAsNonRoot(true);
    }

    // Before the container is built, because ContainerBuilder copies the ports.
    if (settings.dindHostPorts()) {
      for (ContainerPort port : ports) {
        port.setHostPort(port.getContainerPort());
      }
    }

    Container dind = new ContainerBuilder()
        .withName("dind")
        .withImage(settings.dindImage())
        .withArgs(args.isEmpty() ? null : args)
        .withEnv(env)
        .withPorts(ports)
        .withSecurityContext(security.build())
        .withResources(resources(settings.dindResources(), "500m", "1Gi", "4", "8Gi"))
        .withVolumeMounts(mounts)
        .withReadinessProbe(tcpProbe(settings.dindPlainTCP() ? Ports.DOCKER_PLAIN : Ports.DOCKER_TLS))
        .build();

    PodSpecBuilder pod = basePod()
        .withContainers(dind)
        .withVolumes(volumes);
    settings.runtimeClassName().ifPresent(pod::withRuntimeClassName);
    if (rootless) {
      pod.withSecurityContext(new PodSecurityContextBuilder().withFsGroup(NON_ROOT_UID).build());
    }
    return pod.build();
  }

  // ---- Registry ----

  private PodSpec registryPod() {
    List<EnvVar> env = new ArrayList<>();
    env.add(env("REGISTRY_HTTP_ADDR", "0.0.0.0:" + Ports.REGISTRY));
    env.add(env("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/var/lib/registry"));
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("registry-data", "/var/lib/registry", false));
    mounts.add(mount("tmp", "/tmp", false));
    List<Volume> volumes = new ArrayList<>();
    volumes.add(claimVolume("registry-data", names.registryData()));
    volumes.add(emptyDir("tmp"));
    if (!settings.registryPlainHTTP()) {
      // Paths to files, not key material: the key itself comes from the mounted Secret.
      env.add(env("REGISTRY_HTTP_TLS_CERTIFICATE", "/certs/tls.crt"));
      env.add(env("REGISTRY_HTTP_TLS_KEY", "/certs/tls.key"));
      mounts.add(mount("registry-tls", "/certs", true));
      volumes.add(secretVolume("registry-tls", names.registrySecret(), List.of(
          new KeyToPath("tls.crt", null, "tls.crt"), new KeyToPath("tls.key", null, "tls.key"))));
    }
    settings.htpasswdSecret().ifPresent(ref -> {
      env.add(env("REGISTRY_AUTH_HTPASSWD_REALM", names.registry()));
      env.add(env("REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd"));
      mounts.add(mount("htpasswd", "/auth", true));
      volumes.add(secretVolume("htpasswd", ref.getName(), List.of(new KeyToPath(ref.getKey(), null, "htpasswd"))));
    });

    Container registry = new ContainerBuilder()
        .withName("registry")
        .withImage(settings.registryImage())
        .withEnv(env)
        .withPorts(containerPort(settings.registryPlainHTTP() ? "http" : "https", Ports.REGISTRY))
        .withSecurityContext(restrictedContainer())
        .withResources(resources(settings.registryResources(), "100m", "128Mi", "1", "512Mi"))
        .withVolumeMounts(mounts)
        .withReadinessProbe(new ProbeBuilder().withNewHttpGet()
            .withPath("/").withPort(new IntOrString(Ports.REGISTRY))
            .withScheme(settings.registryPlainHTTP() ? "HTTP" : "HTTPS")
            .endHttpGet().withPeriodSeconds(10).build())
        .build();
    return restrictedPod()
        .withContainers(registry)
        .withVolumes(volumes)
        .build();
  }

  // ---- Runner ----

  private PodSpec runnerPod() {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(claimVolume("data", names.runnerData()));
    volumes.add(new VolumeBuilder().withName("config").withNewConfigMap().withName(names.runnerConfig())
        .endConfigMap().build());
    volumes.add(emptyDir("tmp"));
    SecretKeyRef token = settings.registrationSecret();
    volumes.add(secretVolume("registration", token.getName(),
        List.of(new KeyToPath(token.getKey(), null, "credential"))));

    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount("data", ConfigFiles.RUNNER_DATA_DIR, false));
    mounts.add(mount("config", "/etc/runner", true));
    mounts.add(mount("tmp", "/tmp", false));

    List<EnvVar> env = new ArrayList<>();
    env.add(env("HOME", ConfigFiles.RUNNER_DATA_DIR));
    env.add(env("DOCKER_HOST", settings.dockerHost()));
    if (!settings.dindPlainTCP()) {
      env.add(env("DOCKER_TLS_VERIFY", "1"));
      env.add(env("DOCKER_CERT_PATH", ConfigFiles.RUNNER_CERT_DIR));
      volumes.add(secretVolume("dind-client-tls", names.dindClientSecret(), List.of(
          new KeyToPath("ca.pem", null, "ca.pem"), new KeyToPath("cert.pem", null, "cert.pem"),
          new KeyToPath("key.pem", null, "key.pem"))));
      mounts.add(mount("dind-client-tls", ConfigFiles.RUNNER_CERT_DIR, true));
    }
    if (settings.instanceCA().isPresent()) {
      // Go reads every PEM file in each SSL_CERT_DIR entry, so the system roots stay trusted as well.
      env.add(env("SSL_CERT_DIR", "/etc/ssl/certs:" + INSTANCE_CA_DIR));
      settings.instanceCASecret().ifPresent(ref -> volumes.add(secretVolume("instance-ca", ref.getName(),
          List.of(new KeyToPath(ref.getKey(), null, "instance-ca.pem")))));
      settings.instanceCAConfigMap().ifPresent(ref -> volumes.add(new VolumeBuilder().withName("instance-ca")
          .withNewConfigMap().withName(ref.getName())
          .withItems(new KeyToPath(ref.getKey(), null, "instance-ca.pem")).endConfigMap().build()));
      mounts.add(mount("instance-ca", INSTANCE_CA_DIR, true));
    }
    env.addAll(settings.runnerExtraEnv());

    List<VolumeMount> registerMounts = new ArrayList<>(mounts);
    registerMounts.add(mount("registration", REGISTRATION_DIR, true));
    Container register = new ContainerBuilder()
        .withName("register")
        .withImage(settings.runnerImage())
        .withCommand("/bin/sh", "-ec", registrationScript())
        .withEnv(registrationEnv(env))
        .withWorkingDir(ConfigFiles.RUNNER_DATA_DIR)
        .withSecurityContext(restrictedContainer())
        .withResources(resources(null, "50m", "64Mi", "500m", "256Mi"))
        .withVolumeMounts(registerMounts)
        .build();

    Container runner = new ContainerBuilder()
        .withName("runner")
        .withImage(settings.runnerImage())
        .withCommand("forgejo-runner", "daemon", "--config", "/etc/runner/config.yml")
        .withEnv(env)
        .withWorkingDir(ConfigFiles.RUNNER_DATA_DIR)
        .withPorts(settings.cacheEnabled() ? List.of(containerPort("cache-proxy", settings.cacheProxyPort()))
            : List.of())
        .withSecurityContext(restrictedContainer())
        .withResources(resources(settings.runnerResources(), "100m", "128Mi", "1", "1Gi"))
        .withVolumeMounts(mounts)
        .build();

    return restrictedPod()
        .withInitContainers(register)
        .withContainers(runner)
        .withVolumes(volumes)
        .build();
  }

  /**
   * Registers once and keeps the credentials file on the data volume, so a restart does not register another
   * runner. The credential is read from the mounted Secret inside this short-lived init container: it never
   * appears in the pod spec, an environment variable or the long-running runner's command line, and the runner
   * container does not mount it.
   */
  private String registrationScript() {
    String credential = "\"$(cat " + REGISTRATION_DIR + "/credential)\"";
    String command = settings.registrationMethod() == RegistrationSpec.Method.SharedSecret
        ? "forgejo-runner create-runner-file --instance \"$RUNNER_INSTANCE_URL\" --name \"$RUNNER_NAME\""
            + " --secret " + credential
        : "forgejo-runner register --no-interactive --config /etc/runner/config.yml"
            + " --instance \"$RUNNER_INSTANCE_URL\" --name \"$RUNNER_NAME\" --labels \"$RUNNER_LABELS\""
            + " --token " + credential;
    return String.join("\n",
        "if [ -s " + ConfigFiles.RUNNER_FILE + " ]; then",
        "  echo \"" + ConfigFiles.RUNNER_FILE + " exists: the runner is already registered\"",
        "  exit 0",
        "fi",
        "cd " + ConfigFiles.RUNNER_DATA_DIR,
        command,
        "echo \"registered runner $RUNNER_NAME with $RUNNER_INSTANCE_URL\"");
  }

  private List<EnvVar> registrationEnv(List<EnvVar> runnerEnv) {
    List<EnvVar> env = new ArrayList<>(runnerEnv);
    env.add(env("RUNNER_INSTANCE_URL", settings.instanceURL()));
    env.add(env("RUNNER_NAME", settings.runnerName()));
    env.add(env("RUNNER_LABELS", String.join(",", settings.runnerLabels())));
    return env;
  }

  // ---- Shared pieces ----

  /** Pod defaults for every component: no service account token, no host namespaces, no service links. */
  private static PodSpecBuilder basePod() {
    return new PodSpecBuilder()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withHostNetwork(false)
        .withHostPID(false)
        .withHostIPC(false);
  }

  /** Starts a pod spec that meets the Pod Security Standards restricted profile. */
  private static PodSpecBuilder restrictedPod() {
    return basePod().withSecurityContext(new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(NON_ROOT_UID)
        .withRunAsGroup(NON_ROOT_UID)
        .withFsGroup(NON_ROOT_UID)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build());
  }

  private static SecurityContext restrictedContainer() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  private static ResourceRequirements resources(ResourceRequirements override, String cpuRequest,
      String memoryRequest, String cpuLimit, String memoryLimit) {
    if (override != null) {
      return override;
    }
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpuRequest))
        .addToRequests("memory", new Quantity(memoryRequest))
        .addToLimits("cpu", new Quantity(cpuLimit))
        .addToLimits("memory", new Quantity(memoryLimit))
        .build();
  }

  private static Probe tcpProbe(int port) {
    return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
        .withPeriodSeconds(10).build();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly ? true : null)
        .build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static Volume claimVolume(String name, String claim) {
    return new VolumeBuilder().withName(name).withNewPersistentVolumeClaim().withClaimName(claim)
        .endPersistentVolumeClaim().build();
  }

  private static Volume secretVolume(String name, String secret, List<KeyToPath> items) {
    return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).withItems(items)
        .withDefaultMode(0440).endSecret().build();
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
