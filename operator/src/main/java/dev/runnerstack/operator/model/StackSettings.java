package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.CaBundleSpec;
import dev.runnerstack.operator.api.CacheSpec;
import dev.runnerstack.operator.api.DindSpec;
import dev.runnerstack.operator.api.EgressSpec;
import dev.runnerstack.operator.api.NetworkSpec;
import dev.runnerstack.operator.api.PolicySpec;
import dev.runnerstack.operator.api.RegistrationSpec;
import dev.runnerstack.operator.api.RegistrySpec;
import dev.runnerstack.operator.api.RunnerSpec;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.RunnerStackSpec;
import dev.runnerstack.operator.api.SecretKeyRef;
import dev.runnerstack.operator.api.ServiceType;
import dev.runnerstack.operator.api.StorageSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A RunnerStack's spec with every default filled in, so the builders and the policy read one value per
 * setting and never repeat a default. The resource fields are null when the spec leaves them to the defaults.
 */
public record StackSettings(
    StackNames names,
    String runnerImage,
    String instanceURL,
    String runnerName,
    List<String> runnerLabels,
    int capacity,
    RegistrationSpec.Method registrationMethod,
    SecretKeyRef registrationSecret,
    Optional<CaBundleSpec> instanceCA,
    boolean insecureSkipVerify,
    boolean cacheEnabled,
    int cacheProxyPort,
    List<EnvVar> runnerExtraEnv,
    List<String> instanceCIDRs,
    DindSpec.Mode dindMode,
    Optional<String> runtimeClassName,
    String dindImage,
    StorageSpec.Type dindStorageType,
    String dindStorageSize,
    Optional<String> dindStorageClass,
    List<String> egressAllowed,
    List<String> egressExcept,
    List<String> registryMirrors,
    Optional<Integer> mtu,
    ServiceType dindServiceType,
    boolean dindHostPorts,
    boolean dindPlainTCP,
    boolean registryEnabled,
    String registryImage,
    String registrySize,
    Optional<String> registryStorageClass,
    RegistrySpec.DeletionPolicy registryDeletionPolicy,
    Optional<SecretKeyRef> htpasswdSecret,
    ServiceType registryServiceType,
    boolean registryPlainHTTP,
    PolicySpec.Mode policyMode,
    ResourceRequirements runnerResources,
    ResourceRequirements dindResources,
    ResourceRequirements registryResources,
    String dnsNamespace,
    Map<String, String> dnsPodLabels) {

  public static final String DEFAULT_TOKEN_KEY = "token";
  public static final String DEFAULT_CA_KEY = "ca.crt";
  public static final String DEFAULT_HTPASSWD_KEY = "htpasswd";
  public static final String DEFAULT_DIND_STORAGE_SIZE = "20Gi";
  public static final String DEFAULT_REGISTRY_SIZE = "10Gi";
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  /** Resolves the defaults of a RunnerStack's spec. Missing sections count as empty. */
  public static StackSettings of(RunnerStack stack) {
    RunnerStackSpec spec = Objects.requireNonNullElseGet(stack.getSpec(), RunnerStackSpec::new);
    RunnerSpec runner = Objects.requireNonNullElseGet(spec.getRunner(), RunnerSpec::new);
    DindSpec dind = Objects.requireNonNullElseGet(spec.getDind(), DindSpec::new);
    RegistrySpec registry = Objects.requireNonNullElseGet(spec.getRegistry(), RegistrySpec::new);
    PolicySpec policy = Objects.requireNonNullElseGet(spec.getPolicy(), PolicySpec::new);
    NetworkSpec network = Objects.requireNonNullElseGet(spec.getNetwork(), NetworkSpec::new);
    RegistrationSpec registration = Objects.requireNonNullElseGet(runner.getRegistration(), RegistrationSpec::new);
    CacheSpec cache = Objects.requireNonNullElseGet(runner.getCache(), CacheSpec::new);
    StorageSpec dindStorage = Objects.requireNonNullElseGet(dind.getStorage(), StorageSpec::new);
    EgressSpec egress = Objects.requireNonNullElseGet(dind.getEgress(), EgressSpec::new);

    String name = stack.getMetadata().getName();
    StackNames names = new StackNames(name, stack.getMetadata().getNamespace(),
        orDefault(network.getClusterDomain(), DEFAULT_CLUSTER_DOMAIN));
    DindSpec.Mode mode = Objects.requireNonNullElse(dind.getMode(), DindSpec.Mode.Rootless);
    SecretKeyRef tokenRef = Objects.requireNonNullElseGet(registration.getSecretRef(), SecretKeyRef::new);

    return new StackSettings(
        names,
        orDefault(runner.getImage(), RunnerSpec.DEFAULT_IMAGE),
        Objects.requireNonNullElse(runner.getInstanceURL(), ""),
        orDefault(runner.getName(), name),
        nonEmptyOr(runner.getLabels(), List.of(RunnerSpec.DEFAULT_LABEL)),
        Objects.requireNonNullElse(runner.getCapacity(), 1),
        Objects.requireNonNullElse(registration.getMethod(), RegistrationSpec.Method.Token),
        new SecretKeyRef(tokenRef.getName(), orDefault(tokenRef.getKey(), DEFAULT_TOKEN_KEY)),
        Optional.ofNullable(runner.getInstanceCA()),
        Boolean.TRUE.equals(runner.getInsecureSkipVerify()),
        Boolean.TRUE.equals(cache.getEnabled()),
        Objects.requireNonNullElse(cache.getProxyPort(), CacheSpec.DEFAULT_PROXY_PORT),
        Objects.requireNonNullElse(runner.getExtraEnv(), List.of()),
        nonEmptyOr(runner.getInstanceCIDRs(), List.of("0.0.0.0/0")),
        mode,
        Optional.ofNullable(blankToNull(dind.getRuntimeClassName())),
        orDefault(dind.getImage(), mode == DindSpec.Mode.Rootless
            ? DindSpec.DEFAULT_ROOTLESS_IMAGE : DindSpec.DEFAULT_PRIVILEGED_IMAGE),
        Objects.requireNonNullElse(dindStorage.getType(), StorageSpec.Type.EmptyDir),
        orDefault(dindStorage.getSize(), DEFAULT_DIND_STORAGE_SIZE),
        Optional.ofNullable(blankToNull(dindStorage.getStorageClassName())),
        Objects.requireNonNullElse(egress.getAllowedCIDRs(), EgressSpec.DEFAULT_ALLOWED),
        // An explicit empty list is a choice (allow the private ranges), so only a missing list takes the default.
        Objects.requireNonNullElse(egress.getExceptCIDRs(), EgressSpec.DEFAULT_EXCEPT),
        Objects.requireNonNullElse(dind.getRegistryMirrors(), List.of()),
        Optional.ofNullable(dind.getMtu()),
        Objects.requireNonNullElse(dind.getServiceType(), ServiceType.ClusterIP),
        Boolean.TRUE.equals(dind.getPublishHostPorts()),
        Boolean.TRUE.equals(dind.getInsecurePlainTCP()),
        !Boolean.FALSE.equals(registry.getEnabled()),
        orDefault(registry.getImage(), RegistrySpec.DEFAULT_IMAGE),
        orDefault(registry.getSize(), DEFAULT_REGISTRY_SIZE),
        Optional.ofNullable(blankToNull(registry.getStorageClassName())),
        Objects.requireNonNullElse(registry.getDeletionPolicy(), RegistrySpec.DeletionPolicy.Retain),
        Optional.ofNullable(registry.getHtpasswdSecretRef())
            .map(ref -> new SecretKeyRef(ref.getName(), orDefault(ref.getKey(), DEFAULT_HTPASSWD_KEY))),
        Objects.requireNonNullElse(registry.getServiceType(), ServiceType.ClusterIP),
        Boolean.TRUE.equals(registry.getInsecurePlainHTTP()),
        Objects.requireNonNullElse(policy.getMode(), PolicySpec.Mode.Enforce),
        runner.getResources(),
        dind.getResources(),
        registry.getResources(),
        orDefault(network.getDnsNamespace(), NetworkSpec.DEFAULT_DNS_NAMESPACE),
        network.getDnsPodLabels() == null || network.getDnsPodLabels().isEmpty()
            ? NetworkSpec.DEFAULT_DNS_POD_LABELS : network.getDnsPodLabels());
  }

  /** Returns the instance CA key reference with its default key, from whichever source is set. */
  public Optional<SecretKeyRef> instanceCASecret() {
    return instanceCA.map(CaBundleSpec::getSecretRef).map(StackSettings::withDefaultCaKey);
  }

  public Optional<SecretKeyRef> instanceCAConfigMap() {
    return instanceCA.map(CaBundleSpec::getConfigMapRef).map(StackSettings::withDefaultCaKey);
  }

  public boolean rootless() {
    return dindMode == DindSpec.Mode.Rootless;
  }

  /** True when DinD runs in a privileged container: every mode needs it unless a RuntimeClass provides nesting. */
  public boolean dindPrivileged() {
    return runtimeClassName.isEmpty();
  }

  public String dockerHost() {
    return (dindPlainTCP ? "tcp://" + names.dindHost() + ":" + Ports.DOCKER_PLAIN
        : "tcp://" + names.dindHost() + ":" + Ports.DOCKER_TLS);
  }

  private static SecretKeyRef withDefaultCaKey(SecretKeyRef ref) {
    return new SecretKeyRef(ref.getName(), orDefault(ref.getKey(), DEFAULT_CA_KEY));
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static <T> List<T> nonEmptyOr(List<T> values, List<T> fallback) {
    return values == null || values.isEmpty() ? fallback : values;
  }
}
