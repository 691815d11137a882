package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.CaBundleSpec;
import dev.runnerstack.operator.api.Exemption;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.SecretKeyRef;
import dev.runnerstack.operator.policy.Rule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a RunnerStack for values that cannot be turned into working objects, and returns every problem at
 * once with its field and fix. The reconciler, the render command and the tests share it; the CRD schema
 * catches the simpler cases at admission already.
 */
public final class SpecValidator {
  /** An image reference: optional registry host[:port], path components, optional tag and digest. */
  private static final Pattern IMAGE = Pattern.compile(
      "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?/)?"
          + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
          + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");
  /** A forgejo-runner label: name:docker://image, name:host or name:lxc://image. */
  private static final Pattern RUNNER_LABEL = Pattern.compile("^[^:\\s,]+:(docker://\\S+|lxc://\\S+|host)$");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern ENV_NAME = Pattern.compile("^[-._a-zA-Z][-._a-zA-Z0-9]*$");

  private SpecValidator() {
  }

  /** Returns every problem of the RunnerStack; an empty list means the model can build it. */
  public static List<FieldError> validate(RunnerStack stack) {
    List<FieldError> errors = new ArrayList<>();
    String name = stack.getMetadata().getName();
    if (name == null || name.length() > StackNames.MAX_STACK_NAME_LENGTH) {
      errors.add(new FieldError("metadata.name",
          "name " + name + " is missing or longer than " + StackNames.MAX_STACK_NAME_LENGTH
              + " characters, so the Service and pod names derived from it would exceed Kubernetes' limits.",
          "Recreate the RunnerStack with a shorter name."));
    }
    if (stack.getSpec() == null || stack.getSpec().getRunner() == null) {
      errors.add(new FieldError("spec.runner", "spec.runner is missing.",
          "Add spec.runner with instanceURL and registration.secretRef."));
      return errors;
    }

    StackSettings settings = StackSettings.of(stack);
    validateRunner(settings, errors);
    validateDind(settings, errors);
    if (settings.registryEnabled()) {
      validateImage("spec.registry.image", settings.registryImage(), errors);
    }
    settings.htpasswdSecret().ifPresent(ref ->
        validateSecretRef("spec.registry.htpasswdSecretRef", ref, errors));
    validateQuantity("spec.registry.size", settings.registrySize(), errors);
    if (stack.getSpec().getPolicy() != null) {
      validateExemptions(Objects.requireNonNullElse(stack.getSpec().getPolicy().getExemptions(), List.of()),
          errors);
    }
    return errors;
  }

  private static void validateRunner(StackSettings settings, List<FieldError> errors) {
    validateInstanceURL(settings.instanceURL(), errors);
    validateImage("spec.runner.image", settings.runnerImage(), errors);
    for (int i = 0; i < settings.runnerLabels().size(); i++) {
      String label = settings.runnerLabels().get(i);
      if (label == null || !RUNNER_LABEL.matcher(label).matches()) {
        errors.add(new FieldError("spec.runner.labels[" + i + "]", "label " + label + " is not in forgejo-runner's "
            + "form.", "Write it as name:docker://image, for example "
            + "docker:docker://data.forgejo.org/oci/node:22-bookworm."));
      } else if (label.contains("://")) {
        validateImage("spec.runner.labels[" + i + "]", label.substring(label.indexOf("://") + 3), errors);
      }
    }
    if (settings.capacity() < 1 || settings.capacity() > 64) {
      errors.add(new FieldError("spec.runner.capacity", "capacity " + settings.capacity() + " is outside 1-64.",
          "Set the number of jobs the runner runs at once, from 1 to 64."));
    }
    if (settings.cacheProxyPort() < 1024 || settings.cacheProxyPort() > 65535) {
      errors.add(new FieldError("spec.runner.cache.proxyPort", "port " + settings.cacheProxyPort()
          + " is outside 1024-65535.", "Use an unprivileged port, such as the default 4001."));
    }
    validateSecretRef("spec.runner.registration.secretRef", settings.registrationSecret(), errors);
    settings.instanceCA().ifPresent(ca -> validateCaBundle(ca, errors));
    validateEnv(settings.runnerExtraEnv(), errors);
    validateCidrs("spec.runner.instanceCIDRs", settings.instanceCIDRs(), errors);
  }

  private static void validateDind(StackSettings settings, List<FieldError> errors) {
    validateImage("spec.dind.image", settings.dindImage(), errors);
    validateQuantity("spec.dind.storage.size", settings.dindStorageSize(), errors);
    validateCidrs("spec.dind.egress.allowedCIDRs", settings.egressAllowed(), errors);
    validateCidrs("spec.dind.egress.exceptCIDRs", settings.egressExcept(), errors);
    for (int i = 0; i < settings.registryMirrors().size(); i++) {
      String mirror = settings.registryMirrors().get(i);
      if (!isHttpsUrl(mirror)) {
        errors.add(new FieldError("spec.dind.registryMirrors[" + i + "]", "mirror " + mirror
            + " is not an https URL.", "Use the mirror's https:// URL."));
      }
    }
    settings.mtu().filter(mtu -> mtu < 576 || mtu > 9216).ifPresent(mtu -> errors.add(new FieldError(
        "spec.dind.mtu", "MTU " + mtu + " is outside 576-9216.", "Use the MTU of the pod network, often 1450.")));
    settings.runtimeClassName().filter(rc -> !DNS_SUBDOMAIN.matcher(rc).matches()).ifPresent(rc ->
        errors.add(new FieldError("spec.dind.runtimeClassName", "runtimeClassName " + rc
            + " is not a valid object name.", "Use the name of a RuntimeClass, such as sysbox-runc.")));
  }

  private static void validateInstanceURL(String url, List<FieldError> errors) {
    String field = "spec.runner.instanceURL";
    if (url.isBlank()) {
      errors.add(new FieldError(field, "instanceURL is missing.",
          "Set it to the Forgejo instance's URL, for example https://forgejo.example.com."));
      return;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || uri.getHost() == null) {
        errors.add(new FieldError(field, "instanceURL " + url + " is not an absolute https URL with a host.",
            "Set it to the Forgejo instance's URL, for example https://forgejo.example.com."));
      } else if (uri.getUserInfo() != null) {
        errors.add(new FieldError(field, "instanceURL contains user information before the host.",
            "Remove the user name and password from the URL; the runner authenticates with its registration."));
      }
    } catch (URISyntaxException e) {
      errors.add(new FieldError(field, "instanceURL " + url + " is not a valid URL: " + e.getReason() + ".",
          "Set it to the Forgejo instance's URL, for example https://forgejo.example.com."));
    }
  }

  private static void validateImage(String field, String image, List<FieldError> errors) {
    if (!IMAGE.matcher(image).matches()) {
      errors.add(new FieldError(field, "image reference " + image + " cannot be parsed.",
          "Use a reference such as registry.example.com/team/image:1.2@sha256:<64 hex digits>."));
    }
  }

  private static void validateSecretRef(String field, SecretKeyRef ref, List<FieldError> errors) {
    if (ref.getName() == null || ref.getName().isBlank()) {
      errors.add(new FieldError(field + ".name", "the Secret name is missing.",
          "Name a Secret in the RunnerStack's namespace."));
    } else if (!DNS_SUBDOMAIN.matcher(ref.getName()).matches() || ref.getName().length() > 253) {
      errors.add(new FieldError(field + ".name", "Secret name " + ref.getName() + " is not a valid object name.",
          "Use lower-case letters, digits, '-' and '.'."));
    }
  }

  private static void validateCaBundle(CaBundleSpec ca, List<FieldError> errors) {
    String field = "spec.runner.instanceCA";
    boolean secret = ca.getSecretRef() != null;
    boolean configMap = ca.getConfigMapRef() != null;
    if (secret == configMap) {
      errors.add(new FieldError(field, "instanceCA must name exactly one of secretRef and configMapRef.",
          "Keep one of the two references."));
      return;
    }
    validateSecretRef(field + (secret ? ".secretRef" : ".configMapRef"),
        secret ? ca.getSecretRef() : ca.getConfigMapRef(), errors);
  }

  private static void validateEnv(List<EnvVar> env, List<FieldError> errors) {
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).getName();
      if (name == null || !ENV_NAME.matcher(name).matches()) {
        errors.add(new FieldError("spec.runner.extraEnv[" + i + "].name", "environment variable name " + name
            + " is invalid.", "Use letters, digits, '_', '-' and '.', not starting with a digit."));
      }
    }
  }

  private static void validateQuantity(String field, String size, List<FieldError> errors) {
    try {
      if (Quantity.getAmountInBytes(new Quantity(size)).signum() <= 0) {
        errors.add(new FieldError(field, "size " + size + " is not positive.", "Use a size such as 20Gi."));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      errors.add(new FieldError(field, "size " + size + " is not a valid quantity.", "Use a size such as 20Gi."));
    }
  }

  private static void validateCidrs(String field, List<String> cidrs, List<FieldError> errors) {
    for (int i = 0; i < cidrs.size(); i++) {
      if (!Cidrs.isValid(cidrs.get(i))) {
        errors.add(new FieldError(field + "[" + i + "]", "CIDR " + cidrs.get(i) + " is invalid.",
            "Use an address with a prefix length, such as 10.0.0.0/8."));
      }
    }
  }

  private static void validateExemptions(List<Exemption> exemptions, List<FieldError> errors) {
    for (int i = 0; i < exemptions.size(); i++) {
      Exemption exemption = exemptions.get(i);
      if (exemption.getRule() == null || Rule.byId(exemption.getRule()).isEmpty()) {
        errors.add(new FieldError("spec.policy.exemptions[" + i + "].rule", "rule " + exemption.getRule()
            + " does not exist.", "Use a rule id that status.violations lists, such as RS-DIND-004."));
      }
      if (exemption.getReason() == null || exemption.getReason().isBlank()) {
        errors.add(new FieldError("spec.policy.exemptions[" + i + "].reason", "the exemption has no reason.",
            "Say why the rule does not apply to this stack."));
      }
    }
  }

  private static boolean isHttpsUrl(String url) {
    try {
      URI uri = new URI(url);
      return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
