package dev.runnerstack.operator.policy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks of a pod against the Pod Security Standards restricted profile (Kubernetes 1.30 definition), plus
 * this project's own hardening: a read-only root filesystem, resource requests and limits, and no service
 * account token.
 */
public final class PodSecurityChecks {
  private static final Set<String> ALLOWED_CAPABILITY_ADDS = Set.of("NET_BIND_SERVICE");
  private static final Set<String> SECURE_SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

  private PodSecurityChecks() {
  }

  /** Returns every problem, each as a sentence that names the container or volume; empty when the pod passes. */
  public static List<String> restrictedProblems(PodSpec pod) {
    List<String> problems = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      problems.add("the pod shares a host namespace (hostNetwork, hostPID or hostIPC)");
    }
    if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
      problems.add("the pod mounts a service account token (set automountServiceAccountToken: false)");
    }
    for (Volume volume : nullSafe(pod.getVolumes())) {
      if (volume.getHostPath() != null) {
        problems.add("volume " + volume.getName() + " is a hostPath");
      }
    }
    PodSecurityContext podContext = pod.getSecurityContext();
    boolean podRunAsNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
    boolean podSeccomp = podContext != null && secure(podContext.getSeccompProfile());
    if (podContext != null && Long.valueOf(0L).equals(podContext.getRunAsUser())) {
      problems.add("the pod runs as UID 0");
    }
    List<Container> containers = Stream.concat(nullSafe(pod.getInitContainers()).stream(),
        nullSafe(pod.getContainers()).stream()).toList();
    for (Container container : containers) {
      checkContainer(container, podRunAsNonRoot, podSeccomp, problems);
    }
    return problems;
  }

  private static void checkContainer(Container container, boolean podRunAsNonRoot, boolean podSeccomp,
      List<String> problems) {
    String name = "container " + container.getName();
    SecurityContext context = container.getSecurityContext();
    if (context == null) {
      problems.add(name + " has no securityContext");
      context = new SecurityContext();
    }
    if (Boolean.TRUE.equals(context.getPrivileged())) {
      problems.add(name + " is privileged");
    }
    if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
      problems.add(name + " does not set allowPrivilegeEscalation: false");
    }
    Capabilities capabilities = context.getCapabilities();
    if (capabilities == null || !nullSafe(capabilities.getDrop()).contains("ALL")) {
      problems.add(name + " does not drop ALL capabilities");
    }
    if (capabilities != null) {
      for (String added : nullSafe(capabilities.getAdd())) {
        if (!ALLOWED_CAPABILITY_ADDS.contains(added)) {
          problems.add(name + " adds capability " + added);
        }
      }
    }
    if (!podRunAsNonRoot && !Boolean.TRUE.equals(context.getRunAsNonRoot())) {
      problems.add(name + " does not set runAsNonRoot: true");
    }
    if (Long.valueOf(0L).equals(context.getRunAsUser())) {
      problems.add(name + " runs as UID 0");
    }
    if (!podSeccomp && !secure(context.getSeccompProfile())) {
      problems.add(name + " has no RuntimeDefault or Localhost seccomp profile");
    }
    if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
      problems.add(name + " has a writable root filesystem");
    }
    for (ContainerPort port : nullSafe(container.getPorts())) {
      if (port.getHostPort() != null && port.getHostPort() != 0) {
        problems.add(name + " uses hostPort " + port.getHostPort());
      }
    }
    ResourceRequirements resources = container.getResources();
    if (resources == null || nullSafe(resources.getRequests()).isEmpty()
        || nullSafe(resources.getLimits()).isEmpty()) {
      problems.add(name + " lacks resource requests or limits");
    }
  }

  private static boolean secure(SeccompProfile profile) {
    return profile != null && SECURE_SECCOMP_TYPES.contains(profile.getType());
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> java.util.Map<K, V> nullSafe(java.util.Map<K, V> map) {
    return map == null ? java.util.Map.of() : map;
  }
}
