package dev.runnerstack.operator.cli;

import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the RunnerStack documents of a multi-document YAML file. */
public final class StackFiles {
  private StackFiles() {
  }

  public static List<RunnerStack> read(Path path) throws IOException {
    return parse(Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Returns the RunnerStacks of a YAML text; other kinds, such as the example's Secrets, are skipped. */
  public static List<RunnerStack> parse(String yaml) {
    List<RunnerStack> stacks = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Map<?, ?> fields = Serialization.unmarshal(document, Map.class);
      if (fields != null && "RunnerStack".equals(fields.get("kind"))) {
        stacks.add(Serialization.unmarshal(document, RunnerStack.class));
      }
    }
    return stacks;
  }
}
