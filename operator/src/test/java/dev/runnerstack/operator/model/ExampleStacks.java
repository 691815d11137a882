package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The RunnerStacks of the repository's examples/ folder, set up as the API server would hand them to the
 * operator: in namespace {@link #NAMESPACE} with a uid.
 */
public final class ExampleStacks {
  public static final String NAMESPACE = "ci-ns";
  public static final String UID = "6f1c2b0e-8d4a-4f43-9a57-1c2d3e4f5a6b";

  public static final String SECURE_DEFAULT = "secure-default.yaml";
  public static final String ROOTLESS_CUSTOM_CA = "rootless-custom-ca.yaml";
  public static final String LEGACY_AUDIT = "legacy-audit.yaml";

  public static final List<String> ALL = List.of(SECURE_DEFAULT, ROOTLESS_CUSTOM_CA, LEGACY_AUDIT);
  public static final List<String> SECURE = List.of(SECURE_DEFAULT, ROOTLESS_CUSTOM_CA);

  private ExampleStacks() {
  }

  /** File names of every example, for {@code @MethodSource}. */
  public static Stream<String> all() {
    return ALL.stream();
  }

  /** File names of the examples that keep every secure default, for {@code @MethodSource}. */
  public static Stream<String> secure() {
    return SECURE.stream();
  }

  /** Loads the RunnerStack of an example, with a fresh object on every call. */
  public static RunnerStack load(String file) {
    RunnerStack stack = items(file).stream()
        .filter(item -> "RunnerStack".equals(item.getKind()))
        .findFirst()
        // Fabric8 reads a custom resource whose class it does not know as a generic resource, so the
        // document goes through JSON once more to become the typed class.
        .map(item -> Serialization.unmarshal(Serialization.asJson(item), RunnerStack.class))
        .orElseThrow(() -> new IllegalStateException(file + " has no RunnerStack"));
    stack.getMetadata().setNamespace(NAMESPACE);
    stack.getMetadata().setUid(UID);
    return stack;
  }

  /** Returns the Secret of an example that contains the registration token. */
  public static Secret registrationSecret(String file) {
    return items(file).stream()
        .filter(Secret.class::isInstance)
        .map(Secret.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(file + " has no Secret"));
  }

  /** Builds an example's desired state with the given certificates checksum. */
  public static DesiredState build(String file, String certificatesChecksum) {
    return StackModel.build(load(file), certificatesChecksum);
  }

  /** Builds an example's desired state as the reconciler does once certificates exist. */
  public static DesiredState build(String file) {
    return build(file, "0123456789abcdef");
  }

  private static List<HasMetadata> items(String file) {
    try (InputStream in = Files.newInputStream(examplesDir().resolve(file))) {
      // A multi-document file comes back as a List of its documents, a single document as itself.
      Object parsed = Serialization.unmarshal(in);
      if (parsed instanceof List<?> documents) {
        return documents.stream().map(HasMetadata.class::cast).toList();
      }
      if (parsed instanceof KubernetesList list) {
        return list.getItems();
      }
      return List.of((HasMetadata) parsed);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read example " + file, e);
    }
  }

  private static Path examplesDir() {
    String root = System.getProperty("runnerstack.projectRoot", "..");
    return Path.of(root).resolve("examples");
  }
}
