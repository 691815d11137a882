package dev.runnerstack.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Lookups in a {@link DesiredState} that fail with the missing object's name instead of returning empty. */
public final class GeneratedObjects {
  private GeneratedObjects() {
  }

  public static Deployment deployment(DesiredState state, String name) {
    return state.find(Deployment.class, name)
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  public static PodSpec pod(DesiredState state, String deploymentName) {
    return deployment(state, deploymentName).getSpec().getTemplate().getSpec();
  }

  public static List<Deployment> deployments(DesiredState state) {
    return state.workloads().stream().map(Deployment.class::cast).toList();
  }

  public static Service service(DesiredState state, String name) {
    return state.find(Service.class, name).orElseThrow(() -> new AssertionError("no Service " + name));
  }

  public static List<Service> services(DesiredState state) {
    return state.services().stream().map(Service.class::cast).toList();
  }

  public static NetworkPolicy networkPolicy(DesiredState state, String name) {
    return state.find(NetworkPolicy.class, name)
        .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
  }

  public static String configData(DesiredState state, String configMap, String key) {
    ConfigMap map = state.find(ConfigMap.class, configMap)
        .orElseThrow(() -> new AssertionError("no ConfigMap " + configMap));
    return map.getData().get(key);
  }

  /** Returns the init containers followed by the containers. */
  public static List<Container> allContainers(PodSpec pod) {
    return Stream.concat(orEmpty(pod.getInitContainers()).stream(), orEmpty(pod.getContainers()).stream())
        .toList();
  }

  public static Container container(PodSpec pod, String name) {
    return allContainers(pod).stream()
        .filter(container -> name.equals(container.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  public static Volume volume(PodSpec pod, String name) {
    return orEmpty(pod.getVolumes()).stream()
        .filter(volume -> name.equals(volume.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  public static VolumeMount mount(Container container, String volumeName) {
    return orEmpty(container.getVolumeMounts()).stream()
        .filter(mount -> volumeName.equals(mount.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("container " + container.getName() + " does not mount "
            + volumeName));
  }

  public static List<String> mountedVolumeNames(Container container) {
    return orEmpty(container.getVolumeMounts()).stream().map(VolumeMount::getName).toList();
  }

  /** Returns the value of a plain environment variable, or null when the container does not set it. */
  public static String envValue(Container container, String name) {
    return orEmpty(container.getEnv()).stream()
        .filter(env -> name.equals(env.getName()))
        .map(EnvVar::getValue)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  public static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
