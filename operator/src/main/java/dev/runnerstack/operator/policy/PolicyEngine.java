package dev.runnerstack.operator.policy;

import dev.runnerstack.operator.api.Exemption;
import dev.runnerstack.operator.api.PolicySpec;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.model.Cidrs;
import dev.runnerstack.operator.model.DesiredState;
import dev.runnerstack.operator.model.Ports;
import dev.runnerstack.operator.model.StackNames;
import dev.runnerstack.operator.model.StackSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Evaluates the policy rules on a stack's spec and on the objects generated from it, so that a setting that
 * weakens a generated pod is caught where it takes effect. Pure: the same input gives the same violations.
 */
public final class PolicyEngine {
  static final String METADATA_ADDRESS = "169.254.169.254/32";
  static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

  /** Environment variable names that carry credentials. Names ending in _FILE or _PATH point at files. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(TOKEN|PASSWORD|PASSWD|SECRET|PRIVATE_?KEY|API_?KEY|CREDENTIAL).*");
  private static final Pattern FILE_REFERENCE_NAME = Pattern.compile("(?i).*_(FILE|PATH|DIR)$");
  /** A --token or --secret flag followed by a literal, rather than by a command substitution. */
  private static final Pattern LITERAL_CREDENTIAL_ARG =
      Pattern.compile("--(token|secret|password)(=|\\s+)\"?([^\"$\\s][^\"\\s]*)");

  private PolicyEngine() {
  }

  /** Returns every violation, exempted ones included and marked, ordered by severity and rule id. */
  public static List<Violation> evaluate(RunnerStack stack, DesiredState state) {
    StackSettings settings = state.settings();
    StackNames names = settings.names();
    List<Violation> violations = new ArrayList<>();

    checkDockerApi(settings, state, violations);
    checkDindPrivileges(settings, state, violations);
    checkRunnerTls(settings, state, violations);
    checkRegistry(settings, state, violations);
    checkSecretsInEnvironment(state, violations);
    checkRestrictedPods(names, state, violations);
    checkDindEgress(state.find(NetworkPolicy.class, names.dind()), violations);

    List<Exemption> exemptions = stack.getSpec() == null || stack.getSpec().getPolicy() == null
        ? List.of() : Objects.requireNonNullElse(stack.getSpec().getPolicy().getExemptions(), List.of());
    return violations.stream()
        .map(violation -> exemptions.stream()
            .filter(exemption -> violation.rule().id().equals(exemption.getRule()))
            .findFirst()
            .map(exemption -> violation.withExemption(exemption.getReason()))
            .orElse(violation))
        .sorted(Comparator.comparing((Violation v) -> v.rule().severity()).thenComparing(v -> v.rule().id())
            .thenComparing(Violation::field))
        .toList();
  }

  /** True when Enforce mode must not deploy or change the stack. */
  public static boolean blocks(PolicySpec.Mode mode, List<Violation> violations) {
    return mode == PolicySpec.Mode.Enforce && violations.stream().anyMatch(Violation::blocking);
  }

  private static void checkDockerApi(StackSettings settings, DesiredState state, List<Violation> out) {
    StackNames names = settings.names();
    String deployment = "Deployment/" + names.dind();
    Optional<PodSpec> dind = podSpec(state, names.dind());
    boolean plain = settings.dindPlainTCP() || dind.map(pod -> containers(pod)
        .anyMatch(c -> ports(c).anyMatch(p -> p.getContainerPort() == Ports.DOCKER_PLAIN)
            || env(c).anyMatch(e -> "DOCKER_TLS_CERTDIR".equals(e.getName()) && isBlank(e.getValue()))
            || args(c).anyMatch(a -> a.contains(":" + Ports.DOCKER_PLAIN)))).orElse(false);
    if (plain) {
      out.add(new Violation(Rule.DOCKER_API_WITHOUT_TLS,
          "The Docker daemon accepts unauthenticated, unencrypted connections on TCP " + Ports.DOCKER_PLAIN
              + ": anyone who reaches it controls every job and the daemon's host.",
          settings.dindPlainTCP() ? "spec.dind.insecurePlainTCP" : deployment,
          "Remove spec.dind.insecurePlainTCP; the stack then serves the Docker API only on "
              + Ports.DOCKER_TLS + " with mutual TLS."));
    }
    Optional<Service> service = state.find(Service.class, names.dind());
    boolean exposedService = service.map(s -> !"ClusterIP".equals(s.getSpec().getType())).orElse(false);
    boolean hostPorts = dind.map(PolicyEngine::usesHostNetworkOrPorts).orElse(false);
    if (exposedService) {
      out.add(new Violation(Rule.DOCKER_API_EXPOSED,
          "The Docker API Service is of type " + service.get().getSpec().getType()
              + ", so it is reachable from outside the stack.",
          "spec.dind.serviceType", "Remove spec.dind.serviceType (ClusterIP is the default)."));
    }
    if (hostPorts) {
      out.add(new Violation(Rule.DOCKER_API_EXPOSED,
          "The Docker API is published on the node's network (hostPort or hostNetwork).",
          settings.dindHostPorts() ? "spec.dind.publishHostPorts" : deployment,
          "Remove spec.dind.publishHostPorts; only the stack's runner needs the Docker API."));
    }
  }

  private static void checkDindPrivileges(StackSettings settings, DesiredState state, List<Violation> out) {
    String deployment = "Deployment/" + settings.names().dind();
    boolean privileged = podSpec(state, settings.names().dind())
        .map(pod -> containers(pod).anyMatch(c -> c.getSecurityContext() != null
            && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged())))
        .orElse(false);
    if (!privileged) {
      return;
    }
    if (settings.rootless()) {
      out.add(new Violation(Rule.ROOTLESS_DIND_PRIVILEGED,
          "The rootless DinD daemon runs as a non-root user but its container is still privileged, which it "
              + "needs for its user namespace and mounts.",
          deployment,
          "Set spec.dind.runtimeClassName to a runtime that supports nested containers without privileges, "
              + "such as sysbox-runc, or exempt this rule with a reason."));
    } else {
      out.add(new Violation(Rule.PRIVILEGED_DIND,
          "DinD runs as root in a privileged container: a job that escapes the daemon controls the node.",
          "spec.dind.mode",
          "Set spec.dind.mode to Rootless (the default), and spec.dind.runtimeClassName where the cluster "
              + "has a sysbox-style runtime."));
    }
  }

  private static void checkRunnerTls(StackSettings settings, DesiredState state, List<Violation> out) {
    StackNames names = settings.names();
    boolean insecureConfig = state.find(ConfigMap.class, names.runnerConfig())
        .map(cm -> cm.getData().get("config.yml"))
        .map(PolicyEngine::runnerInsecure)
        .orElse(false);
    if (settings.insecureSkipVerify() || insecureConfig) {
      out.add(new Violation(Rule.RUNNER_TLS_VERIFY_DISABLED,
          "The runner skips TLS verification of the Forgejo instance, so anyone on the path can impersonate "
              + "it, read the runner's credentials and hand it jobs.",
          settings.insecureSkipVerify() ? "spec.runner.insecureSkipVerify" : "ConfigMap/" + names.runnerConfig(),
          "Remove spec.runner.insecureSkipVerify and set spec.runner.instanceCA to the CA that signs the "
              + "instance's certificate."));
    }
    String scheme = safeScheme(settings.instanceURL());
    if ("http".equalsIgnoreCase(scheme)) {
      out.add(new Violation(Rule.INSTANCE_PLAIN_HTTP,
          "The instance URL " + settings.instanceURL() + " uses plain HTTP, so the registration credential "
              + "and job logs cross the network unencrypted.",
          "spec.runner.instanceURL", "Serve Forgejo over https and use its https:// URL."));
    }
  }

  private static void checkRegistry(StackSettings settings, DesiredState state, List<Violation> out) {
    if (!settings.registryEnabled()) {
      return;
    }
    StackNames names = settings.names();
    boolean plainServer = podSpec(state, names.registry())
        .map(pod -> containers(pod).noneMatch(c -> env(c)
            .anyMatch(e -> "REGISTRY_HTTP_TLS_CERTIFICATE".equals(e.getName()) && !isBlank(e.getValue()))))
        .orElse(false);
    boolean insecureRegistries = state.find(ConfigMap.class, names.dindConfig())
        .map(cm -> cm.getData().get("daemon.json"))
        .map(json -> json.contains("insecure-registries"))
        .orElse(false);
    if (plainServer || insecureRegistries) {
      out.add(new Violation(Rule.REGISTRY_PLAIN_HTTP,
          "The registry serves plain HTTP and DinD trusts it through insecure-registries, so images can be "
              + "read or replaced in transit.",
          settings.registryPlainHTTP() ? "spec.registry.insecurePlainHTTP" : "Deployment/" + names.registry(),
          "Remove spec.registry.insecurePlainHTTP; the stack then serves the registry over TLS with a "
              + "certificate from its own CA, which DinD trusts through certs.d."));
    }
    Optional<Service> service = state.find(Service.class, names.registry());
    if (service.map(s -> !"ClusterIP".equals(s.getSpec().getType())).orElse(false)) {
      out.add(new Violation(Rule.REGISTRY_EXPOSED,
          "The registry Service is of type " + service.get().getSpec().getType()
              + ", so the registry is reachable from outside the cluster.",
          "spec.registry.serviceType", "Remove spec.registry.serviceType (ClusterIP is the default)."));
    }
    if (podSpec(state, names.registry()).map(PolicyEngine::usesHostNetworkOrPorts).orElse(false)) {
      out.add(new Violation(Rule.REGISTRY_EXPOSED, "The registry is published on the node's network.",
          "Deployment/" + names.registry(), "Remove the hostPort or hostNetwork setting."));
    }
  }

  private static void checkSecretsInEnvironment(DesiredState state, List<Violation> out) {
    for (Deployment deployment : deployments(state)) {
      String object = "Deployment/" + deployment.getMetadata().getName();
      for (Container container : containers(deployment.getSpec().getTemplate().getSpec()).toList()) {
        for (EnvVar env : env(container).toList()) {
          if (carriesSecret(env)) {
            out.add(new Violation(Rule.SECRET_IN_ENVIRONMENT,
                "Container " + container.getName() + " has a credential in the environment variable "
                    + env.getName() + ", where it leaks into process listings, crash reports and child "
                    + "processes such as jobs.",
                object + " container " + container.getName() + " env " + env.getName(),
                "Remove the variable (from spec.runner.extraEnv if it comes from there) and mount the Secret as "
                    + "a file instead."));
          }
        }
        if (args(container).anyMatch(arg -> LITERAL_CREDENTIAL_ARG.matcher(arg).find())) {
          out.add(new Violation(Rule.SECRET_IN_ENVIRONMENT,
              "Container " + container.getName() + " passes a credential literally on its command line.",
              object + " container " + container.getName(),
              "Read the credential from a mounted Secret file instead of a command-line literal."));
        }
      }
    }
  }

  /**
   * True for any variable filled from a Secret, whatever its name, and for a literal value under a credential
   * name such as *_TOKEN, unless the value is a file path.
   */
  private static boolean carriesSecret(EnvVar env) {
    if (env.getValueFrom() != null) {
      return env.getValueFrom().getSecretKeyRef() != null;
    }
    if (!SECRET_NAME.matcher(env.getName()).matches() || FILE_REFERENCE_NAME.matcher(env.getName()).matches()) {
      return false;
    }
    String value = env.getValue();
    // A path to a mounted file is how a credential should be passed, so it is not a violation.
    return !isBlank(value) && !value.startsWith("/");
  }

  private static void checkRestrictedPods(StackNames names, DesiredState state, List<Violation> out) {
    for (String name : List.of(names.runner(), names.registry())) {
      Optional<PodSpec> pod = podSpec(state, name);
      if (pod.isEmpty()) {
        continue;
      }
      List<String> problems = PodSecurityChecks.restrictedProblems(pod.get());
      if (!problems.isEmpty()) {
        out.add(new Violation(Rule.POD_NOT_RESTRICTED,
            "Deployment " + name + " does not meet the restricted profile: " + String.join("; ", problems) + ".",
            "Deployment/" + name, "Remove the settings that weaken the pod; the generated pod meets the profile."));
      }
    }
  }

  private static void checkDindEgress(Optional<NetworkPolicy> policy, List<Violation> out) {
    if (policy.isEmpty()) {
      return;
    }
    List<IPBlock> blocks = Objects.requireNonNullElse(policy.get().getSpec().getEgress(),
            List.<NetworkPolicyEgressRule>of()).stream()
        .flatMap(rule -> Objects.requireNonNullElse(rule.getTo(), List.<NetworkPolicyPeer>of()).stream())
        .map(NetworkPolicyPeer::getIpBlock)
        .filter(Objects::nonNull)
        .toList();
    if (blocks.stream().anyMatch(block -> reaches(block, METADATA_ADDRESS))) {
      out.add(new Violation(Rule.DIND_EGRESS_METADATA,
          "Job traffic may reach the cloud metadata address 169.254.169.254, which hands out the node's "
              + "cloud credentials on many providers.",
          "spec.dind.egress.exceptCIDRs",
          "Add 169.254.0.0/16 to spec.dind.egress.exceptCIDRs, or remove the field to take the default."));
    }
    for (String range : PRIVATE_RANGES) {
      if (blocks.stream().anyMatch(block -> reaches(block, range))) {
        out.add(new Violation(Rule.DIND_EGRESS_PRIVATE,
            "Job traffic may reach the private range " + range + ", where internal services usually live.",
            "spec.dind.egress.exceptCIDRs",
            "Add " + range + " to spec.dind.egress.exceptCIDRs, or remove the field to take the default."));
      }
    }
  }

  /** True when traffic to any address of {@code range} is allowed by the block. */
  private static boolean reaches(IPBlock block, String range) {
    String cidr = block.getCidr();
    if (!Cidrs.isValid(cidr)) {
      return false;
    }
    Optional<String> allowedPart = overlap(cidr, range);
    if (allowedPart.isEmpty()) {
      return false;
    }
    return Objects.requireNonNullElse(block.getExcept(), List.<String>of()).stream()
        .noneMatch(except -> Cidrs.isValid(except) && Cidrs.contains(except, allowedPart.get()));
  }

  /** Returns the addresses two CIDRs share: the smaller one, because two CIDRs either nest or do not overlap. */
  private static Optional<String> overlap(String first, String second) {
    if (Cidrs.contains(first, second)) {
      return Optional.of(second);
    }
    if (Cidrs.contains(second, first)) {
      return Optional.of(first);
    }
    return Optional.empty();
  }

  private static boolean runnerInsecure(String configYaml) {
    Map<?, ?> config = Serialization.unmarshal(configYaml, Map.class);
    Object runner = config == null ? null : config.get("runner");
    return runner instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("insecure"));
  }

  private static boolean usesHostNetworkOrPorts(PodSpec pod) {
    return Boolean.TRUE.equals(pod.getHostNetwork()) || containers(pod).anyMatch(c -> ports(c)
        .anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0));
  }

  private static List<Deployment> deployments(DesiredState state) {
    return state.workloads().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
  }

  private static Optional<PodSpec> podSpec(DesiredState state, String deploymentName) {
    return state.find(Deployment.class, deploymentName).map(d -> d.getSpec().getTemplate().getSpec());
  }

  private static Stream<Container> containers(PodSpec pod) {
    return Stream.concat(Objects.requireNonNullElse(pod.getInitContainers(), List.<Container>of()).stream(),
        Objects.requireNonNullElse(pod.getContainers(), List.<Container>of()).stream());
  }

  private static Stream<ContainerPort> ports(Container container) {
    return Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream();
  }

  private static Stream<EnvVar> env(Container container) {
    return Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of()).stream();
  }

  private static Stream<String> args(Container container) {
    return Stream.concat(Objects.requireNonNullElse(container.getCommand(), List.<String>of()).stream(),
        Objects.requireNonNullElse(container.getArgs(), List.<String>of()).stream());
  }

  private static String safeScheme(String url) {
    try {
      return URI.create(url).getScheme();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
