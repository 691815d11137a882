package dev.runnerstack.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.CaBundleSpec;
import dev.runnerstack.operator.api.Exemption;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.SecretKeyRef;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SpecValidator names the exact field of each invalid value, and reports all of them at once. */
class SpecValidatorTest {

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        invalid("name of 46 characters", "metadata.name",
            stack -> stack.getMetadata().setName("a".repeat(46))),
        invalid("missing instanceURL", "spec.runner.instanceURL",
            stack -> stack.getSpec().getRunner().setInstanceURL(null)),
        invalid("blank instanceURL", "spec.runner.instanceURL",
            stack -> stack.getSpec().getRunner().setInstanceURL("  ")),
        invalid("ftp instanceURL", "spec.runner.instanceURL",
            stack -> stack.getSpec().getRunner().setInstanceURL("ftp://forgejo.example.com")),
        invalid("unparsable instanceURL", "spec.runner.instanceURL",
            stack -> stack.getSpec().getRunner().setInstanceURL("https://forgejo example.com")),
        invalid("instanceURL without host", "spec.runner.instanceURL",
            stack -> stack.getSpec().getRunner().setInstanceURL("https:/forgejo")),
        invalid("instanceURL with password", "spec.runner.instanceURL",
            stack -> stack.getSpec().getRunner().setInstanceURL("https://admin:secret@forgejo.example.com")),
        invalid("capacity zero", "spec.runner.capacity",
            stack -> stack.getSpec().getRunner().setCapacity(0)),
        invalid("capacity above maximum", "spec.runner.capacity",
            stack -> stack.getSpec().getRunner().setCapacity(65)),
        invalid("privileged cache proxy port", "spec.runner.cache.proxyPort",
            stack -> stack.getSpec().getRunner().getCache().setProxyPort(80)),
        invalid("runner image with space", "spec.runner.image",
            stack -> stack.getSpec().getRunner().setImage("Bad Image!")),
        invalid("dind image with space", "spec.dind.image",
            stack -> stack.getSpec().getDind().setImage("Bad Image!")),
        invalid("label without scheme", "spec.runner.labels[0]",
            stack -> stack.getSpec().getRunner().setLabels(List.of("ubuntu-latest"))),
        invalid("label with bad image", "spec.runner.labels[1]",
            stack -> stack.getSpec().getRunner().setLabels(List.of("ok:host", "bad:docker://Bad Image"))),
        invalid("CIDR prefix 33", "spec.dind.egress.allowedCIDRs[0]",
            stack -> stack.getSpec().getDind().getEgress().setAllowedCIDRs(List.of("10.0.0.0/33"))),
        invalid("hostname as CIDR", "spec.dind.egress.exceptCIDRs[1]",
            stack -> stack.getSpec().getDind().getEgress()
                .setExceptCIDRs(List.of("10.0.0.0/8", "example.com/8"))),
        invalid("instance CIDR without prefix", "spec.runner.instanceCIDRs[0]",
            stack -> stack.getSpec().getRunner().setInstanceCIDRs(List.of("203.0.113.7"))),
        invalid("CIDR in short IPv4 form", "spec.runner.instanceCIDRs[0]",
            stack -> stack.getSpec().getRunner().setInstanceCIDRs(List.of("10/8"))),
        invalid("storage size lots", "spec.dind.storage.size",
            stack -> stack.getSpec().getDind().getStorage().setSize("lots")),
        invalid("storage size zero", "spec.dind.storage.size",
            stack -> stack.getSpec().getDind().getStorage().setSize("0")),
        invalid("registry size lots", "spec.registry.size",
            stack -> stack.getSpec().getRegistry().setSize("lots")),
        invalid("instanceCA with both refs", "spec.runner.instanceCA",
            stack -> stack.getSpec().getRunner().setInstanceCA(caBundle(
                new SecretKeyRef("ca-secret", "ca.crt"), new SecretKeyRef("ca-config", "ca.crt")))),
        invalid("instanceCA with no ref", "spec.runner.instanceCA",
            stack -> stack.getSpec().getRunner().setInstanceCA(new CaBundleSpec())),
        invalid("registration Secret missing", "spec.runner.registration.secretRef.name",
            stack -> stack.getSpec().getRunner().getRegistration().setSecretRef(new SecretKeyRef())),
        invalid("registration Secret uppercase", "spec.runner.registration.secretRef.name",
            stack -> stack.getSpec().getRunner().getRegistration()
                .setSecretRef(new SecretKeyRef("Runner_Token", null))),
        invalid("unknown exemption rule", "spec.policy.exemptions[0].rule",
            stack -> stack.getSpec().getPolicy().setExemptions(
                List.of(new Exemption("RS-FOO-999", "not a rule")))),
        invalid("exemption without reason", "spec.policy.exemptions[0].reason",
            stack -> stack.getSpec().getPolicy().setExemptions(List.of(new Exemption("RS-DIND-004", " ")))),
        invalid("http registry mirror", "spec.dind.registryMirrors[0]",
            stack -> stack.getSpec().getDind().setRegistryMirrors(List.of("http://mirror.example.com"))),
        invalid("MTU below 576", "spec.dind.mtu",
            stack -> stack.getSpec().getDind().setMtu(500)),
        invalid("runtimeClassName with underscore", "spec.dind.runtimeClassName",
            stack -> stack.getSpec().getDind().setRuntimeClassName("sysbox_runc")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void invalidValueNamesField(String description, String field, Consumer<RunnerStack> change) {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    change.accept(stack);

    List<FieldError> errors = SpecValidator.validate(stack);

    assertThat(errors).extracting(FieldError::field).containsExactly(field);
    assertThat(errors.get(0).message()).isNotBlank();
    assertThat(errors.get(0).fix()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void examplesAreValid(String example) {
    assertThat(SpecValidator.validate(ExampleStacks.load(example))).isEmpty();
  }

  @Test
  void nameOf45CharactersIsValid() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getMetadata().setName("a".repeat(45));

    assertThat(SpecValidator.validate(stack)).isEmpty();
  }

  @Test
  void ipv6CidrsAreValid() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().getEgress().setAllowedCIDRs(List.of("0.0.0.0/0", "::/0"));
    stack.getSpec().getDind().getEgress().setExceptCIDRs(List.of("169.254.0.0/16", "fd00::/8"));

    assertThat(SpecValidator.validate(stack)).isEmpty();
  }

  @Test
  void everyErrorIsReported() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().setInstanceURL("ftp://forgejo.example.com");
    stack.getSpec().getRunner().setImage("Bad Image!");
    stack.getSpec().getRunner().setLabels(List.of("ubuntu-latest"));
    stack.getSpec().getDind().getEgress().setAllowedCIDRs(List.of("10.0.0.0/33"));
    stack.getSpec().getDind().getStorage().setSize("lots");

    List<FieldError> errors = SpecValidator.validate(stack);

    assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
        "spec.runner.instanceURL", "spec.runner.image", "spec.runner.labels[0]",
        "spec.dind.egress.allowedCIDRs[0]", "spec.dind.storage.size");
  }

  @Test
  void missingRunnerStopsValidation() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().setRunner(null);

    List<FieldError> errors = SpecValidator.validate(stack);

    assertThat(errors).extracting(FieldError::field).containsExactly("spec.runner");
  }

  @Test
  void errorMessageQuotesValue() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().getEgress().setAllowedCIDRs(List.of("10.0.0.0/33"));

    FieldError error = SpecValidator.validate(stack).get(0);

    assertThat(error.message()).contains("10.0.0.0/33");
  }

  private static Arguments invalid(String description, String field, Consumer<RunnerStack> change) {
    return Arguments.of(description, field, change);
  }

  private static CaBundleSpec caBundle(SecretKeyRef secret, SecretKeyRef configMap) {
    CaBundleSpec bundle = new CaBundleSpec();
    bundle.setSecretRef(secret);
    bundle.setConfigMapRef(configMap);
    return bundle;
  }
}
