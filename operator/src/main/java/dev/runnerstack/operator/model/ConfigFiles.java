package dev.runnerstack.operator.model;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders the runner's config.yml and DinD's daemon.json. */
final class ConfigFiles {
  static final String RUNNER_DATA_DIR = "/data";
  static final String RUNNER_FILE = RUNNER_DATA_DIR + "/.runner";
  static final String RUNNER_CERT_DIR = "/certs/client";

  private ConfigFiles() {
  }

  /**
   * Renders forgejo-runner's config.yml. TLS verification of the instance stays on unless the spec requests
   * the legacy insecure setting, and the Docker host is the stack's DinD Service.
   */
  static String runnerConfig(StackSettings settings) {
    Map<String, Object> runner = new LinkedHashMap<>();
    runner.put("file", RUNNER_FILE);
    runner.put("capacity", settings.capacity());
    runner.put("timeout", "3h");
    runner.put("shutdown_timeout", "3h");
    runner.put("insecure", settings.insecureSkipVerify());
    runner.put("fetch_timeout", "5s");
    runner.put("fetch_interval", "2s");
    runner.put("labels", List.copyOf(settings.runnerLabels()));

    Map<String, Object> cache = new LinkedHashMap<>();
    cache.put("enabled", settings.cacheEnabled());
    if (settings.cacheEnabled()) {
      // Job containers run inside DinD, so they reach the cache proxy through the runner's cache Service.
      cache.put("dir", RUNNER_DATA_DIR + "/cache");
      cache.put("host", settings.names().runnerCache() + "." + settings.names().namespace() + ".svc");
      cache.put("proxy_port", settings.cacheProxyPort());
    }

    Map<String, Object> container = new LinkedHashMap<>();
    container.put("network", "");
    container.put("privileged", false);
    container.put("valid_volumes", List.of());
    container.put("docker_host", settings.dockerHost());

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("log", new TreeMap<>(Map.of("level", "info")));
    config.put("runner", runner);
    config.put("cache", cache);
    config.put("container", container);
    return Serialization.asYaml(config);
  }

  /**
   * Renders daemon.json. The registry is trusted through the stack's CA in certs.d, so insecure-registries is
   * set only for the legacy plain-HTTP registry setting.
   */
  static String daemonJson(StackSettings settings) {
    Map<String, Object> daemon = new LinkedHashMap<>();
    if (!settings.registryMirrors().isEmpty()) {
      daemon.put("registry-mirrors", List.copyOf(settings.registryMirrors()));
    }
    settings.mtu().ifPresent(mtu -> daemon.put("mtu", mtu));
    if (settings.registryEnabled() && settings.registryPlainHTTP()) {
      daemon.put("insecure-registries", settings.names().serviceDnsNames(settings.names().registry()).stream()
          .map(host -> host + ":" + Ports.REGISTRY).toList());
    }
    daemon.put("log-driver", "json-file");
    // Map.of iterates in a per-JVM random order, and the rendered text must be stable for its checksum.
    daemon.put("log-opts", new TreeMap<>(Map.of("max-size", "10m", "max-file", "3")));
    return Serialization.asJson(daemon);
  }
}
