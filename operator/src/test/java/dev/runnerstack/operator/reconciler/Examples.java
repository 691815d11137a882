package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.cli.StackFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the manifests in examples/ for tests. */
final class Examples {
  static final List<String> FILES = List.of("secure-default.yaml", "rootless-custom-ca.yaml", "legacy-audit.yaml");

  private Examples() {
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("runnerstack.projectRoot", "..")).toAbsolutePath().normalize();
  }

  static String text(String file) {
    try {
      return Files.readString(projectRoot().resolve("examples").resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("example " + file + " could not be read", e);
    }
  }

  /** Returns the RunnerStack of an example file. */
  static RunnerStack stack(String file) {
    List<RunnerStack> stacks = StackFiles.parse(text(file));
    if (stacks.size() != 1) {
      throw new IllegalStateException("example " + file + " should hold one RunnerStack, found " + stacks.size());
    }
    return stacks.get(0);
  }

  /** Creates an example's Secrets and ConfigMaps, then the given RunnerStack, in a namespace. */
  static void apply(KubernetesClient client, String file, RunnerStack stack, String namespace) {
    for (HasMetadata object : supportingObjects(file)) {
      object.getMetadata().setNamespace(namespace);
      client.resource(object).create();
    }
    stack.getMetadata().setNamespace(namespace);
    client.resource(stack).create();
  }

  /** Returns the other objects of an example file, such as its Secrets and ConfigMaps. */
  static List<HasMetadata> supportingObjects(String file) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : text(file).split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Map<?, ?> fields = Serialization.unmarshal(document, Map.class);
      if (fields != null && !"RunnerStack".equals(fields.get("kind"))) {
        objects.add(Serialization.unmarshal(document));
      }
    }
    return objects;
  }
}
