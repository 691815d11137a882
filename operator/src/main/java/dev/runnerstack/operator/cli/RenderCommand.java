package dev.runnerstack.operator.cli;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.model.CertificateNames;
import dev.runnerstack.operator.model.DesiredState;
import dev.runnerstack.operator.model.FieldError;
import dev.runnerstack.operator.model.SpecValidator;
import dev.runnerstack.operator.model.StackModel;
import dev.runnerstack.operator.policy.PolicyEngine;
import dev.runnerstack.operator.policy.Violation;
import dev.runnerstack.operator.pki.CertificateRequest;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints what the operator would generate for the RunnerStacks in a file, followed by their policy violations,
 * without a cluster. It uses the same model and policy code as the operator.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Print the objects generated for the RunnerStacks in a YAML file, then their policy violations.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:rendered; violations, if any, are listed",
        "1:the file could not be read or a RunnerStack is invalid",
        "2:with --fail-on-blocking, Enforce mode would block a stack"})
public final class RenderCommand implements Callable<Integer> {
  /** Kubernetes assigns the UID on creation; the rendered owner references show this placeholder. */
  static final String PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000";

  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true,
      description = "YAML file with one or more documents; documents of other kinds are skipped.")
  Path file;

  @Option(names = {"-n", "--namespace"}, defaultValue = "default",
      description = "Namespace for RunnerStacks without metadata.namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--fail-on-blocking",
      description = "Exit with 2 when Enforce mode would keep a stack from being deployed.")
  boolean failOnBlocking;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<RunnerStack> stacks;
    try {
      stacks = StackFiles.read(file);
    } catch (NoSuchFileException e) {
      err.println("error: file " + file + " was not found. Pass the path of a RunnerStack manifest with -f.");
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("error: could not read RunnerStacks from " + file + ": " + describe(e));
      return 1;
    }
    if (stacks.isEmpty()) {
      err.println("error: " + file + " contains no document of kind RunnerStack (apiVersion "
          + RunnerStack.GROUP + "/" + RunnerStack.VERSION + ").");
      return 1;
    }

    boolean invalid = false;
    boolean blocking = false;
    for (RunnerStack stack : stacks) {
      if (stack.getMetadata().getNamespace() == null) {
        stack.getMetadata().setNamespace(namespace);
      }
      stack.getMetadata().setUid(PLACEHOLDER_UID);
      String id = stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName();
      List<FieldError> errors = SpecValidator.validate(stack);
      if (!errors.isEmpty()) {
        invalid = true;
        err.println("error: RunnerStack " + id + " is invalid:");
        errors.forEach(error -> err.println("  " + error.field() + ": " + error.message() + " " + error.fix()));
        continue;
      }
      DesiredState desired = StackModel.build(stack, "");
      List<Violation> violations = PolicyEngine.evaluate(stack, desired);
      printObjects(out, stack, desired);
      printViolations(out, id, desired, violations);
      blocking |= PolicyEngine.blocks(desired.settings().policyMode(), violations);
    }
    out.flush();
    if (invalid) {
      return 1;
    }
    return failOnBlocking && blocking ? 2 : 0;
  }

  /** Returns a parse error as the field path and Jackson's own message, without class names and offsets. */
  static String describe(Exception error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        String path = mapping.getPath().stream()
            .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                : "[" + reference.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
        String message = mapping.getOriginalMessage().split("\n")[0];
        return "field " + path + ": " + message.replaceAll(" \\(class [^)]*\\)", "")
            .replaceAll("`[a-zA-Z0-9_.$]+\\.([A-Za-z0-9_$]+)`", "$1");
      }
    }
    return error.getMessage();
  }

  private static void printObjects(PrintWriter out, RunnerStack stack, DesiredState desired) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(certificatePlaceholders(stack, desired));
    objects.addAll(desired.objects());
    for (HasMetadata object : objects) {
      String yaml = Serialization.asYaml(object);
      out.print(yaml.startsWith("---") ? yaml : "---\n" + yaml);
    }
  }

  /** Shows each certificate Secret without data: keys are generated in the cluster and never printed. */
  private static List<Secret> certificatePlaceholders(RunnerStack stack, DesiredState desired) {
    List<Secret> secrets = new ArrayList<>();
    secrets.add(placeholder(stack, desired, CertificateNames.CA, "self-signed stack CA; its key never leaves "
        + "this Secret", List.of()));
    for (CertificateRequest request : desired.certificates()) {
      secrets.add(placeholder(stack, desired, request.name(), request.usage().name().toLowerCase(java.util.Locale.ROOT) + " certificate",
          request.dnsNames()));
    }
    return secrets;
  }

  private static Secret placeholder(RunnerStack stack, DesiredState desired, String certificate, String purpose,
      List<String> dnsNames) {
    Map<String, String> annotations = new java.util.LinkedHashMap<>();
    annotations.put("runnerstack.dev/rendered-note", "data is generated by the operator: " + purpose);
    if (!dnsNames.isEmpty()) {
      annotations.put("runnerstack.dev/dns-names", String.join(",", dnsNames));
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(CertificateNames.secretName(desired.settings().names(), certificate))
        .withNamespace(stack.getMetadata().getNamespace())
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static void printViolations(PrintWriter out, String id, DesiredState desired, List<Violation> violations) {
    out.println("---");
    out.println("# Policy violations of RunnerStack " + id + " (mode " + desired.settings().policyMode() + "): "
        + violations.stream().filter(v -> !v.exempted()).count() + " open, "
        + violations.stream().filter(Violation::exempted).count() + " exempted");
    for (Violation violation : violations) {
      out.println("# - " + violation.rule().id() + " " + violation.severity() + " " + violation.field()
          + (violation.exempted() ? " (exempted: " + violation.exemption().get() + ")" : ""));
      out.println("#   " + violation.message());
      out.println("#   fix: " + violation.fix());
    }
    if (PolicyEngine.blocks(desired.settings().policyMode(), violations)) {
      out.println("# Enforce mode would not deploy this stack: it has critical violations.");
    }
  }
}
