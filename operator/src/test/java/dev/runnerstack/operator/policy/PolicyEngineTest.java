package dev.runnerstack.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.DindSpec;
import dev.runnerstack.operator.api.Exemption;
import dev.runnerstack.operator.api.PolicySpec;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.model.ExampleStacks;
import dev.runnerstack.operator.model.StackModel;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEngineTest {

  @Test
  void secureDefaultOnlyRootlessPrivileged() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.SECURE_DEFAULT));

    assertThat(violations).extracting(violation -> violation.rule().id()).containsExactly("RS-DIND-004");
    assertThat(violations.get(0).severity()).isEqualTo(Severity.Medium);
    assertThat(violations.get(0).blocking()).isFalse();
    assertThat(violations.get(0).exempted()).isFalse();
    assertThat(violations.get(0).field()).isEqualTo("Deployment/ci-dind");
  }

  @Test
  void secureDefaultIsNotBlocked() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.SECURE_DEFAULT));

    assertThat(PolicyEngine.blocks(PolicySpec.Mode.Enforce, violations)).isFalse();
  }

  @Test
  void rootlessCustomCaOnlyRootlessPrivileged() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.ROOTLESS_CUSTOM_CA));

    assertThat(violations).extracting(violation -> violation.rule().id()).containsExactly("RS-DIND-004");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void runtimeClassClearsViolations(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    stack.getSpec().getDind().setRuntimeClassName("sysbox-runc");

    assertThat(evaluate(stack)).isEmpty();
  }

  @Test
  void privilegedModeIsHigh() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().setMode(DindSpec.Mode.Privileged);

    List<Violation> violations = evaluate(stack);

    assertThat(violations).extracting(violation -> violation.rule().id()).containsExactly("RS-DIND-003");
    assertThat(violations.get(0).severity()).isEqualTo(Severity.High);
    assertThat(violations.get(0).field()).isEqualTo("spec.dind.mode");
  }

  @Test
  void legacyReportsEveryWeakness() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.LEGACY_AUDIT));

    assertThat(violations).extracting(violation -> violation.rule().id()).contains(
        "RS-DIND-001", "RS-DIND-002", "RS-DIND-003", "RS-RUN-001", "RS-REG-001", "RS-REG-002", "RS-SEC-001");
  }

  @Test
  void legacyReportsHostPort() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.LEGACY_AUDIT));

    assertThat(violations)
        .filteredOn(violation -> violation.rule() == Rule.DOCKER_API_EXPOSED)
        .extracting(Violation::field)
        .containsExactly("spec.dind.publishHostPorts");
  }

  @Test
  void legacyTokenEnvIsSecretInEnvironment() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.LEGACY_AUDIT));

    List<Violation> secrets = violations.stream()
        .filter(violation -> violation.rule() == Rule.SECRET_IN_ENVIRONMENT)
        .toList();

    // spec.runner.extraEnv reaches both the register init container and the runner container.
    assertThat(secrets).extracting(Violation::field).containsExactlyInAnyOrder(
        "Deployment/legacy-runner container register env FORGEJO_RUNNER_TOKEN",
        "Deployment/legacy-runner container runner env FORGEJO_RUNNER_TOKEN");
    assertThat(secrets).allSatisfy(violation -> assertThat(violation.blocking()).isTrue());
  }

  @Test
  void legacyBlocksOnlyInEnforce() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.LEGACY_AUDIT));

    assertThat(PolicyEngine.blocks(PolicySpec.Mode.Enforce, violations)).isTrue();
    assertThat(PolicyEngine.blocks(PolicySpec.Mode.Audit, violations)).isFalse();
  }

  @Test
  void violationsAreSortedBySeverity() {
    List<Violation> violations = evaluate(ExampleStacks.load(ExampleStacks.LEGACY_AUDIT));

    assertThat(violations).extracting(Violation::severity).isSorted();
  }

  @Test
  void exemptionMarksViolation() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getPolicy().setExemptions(
        List.of(new Exemption("RS-DIND-004", "The cluster has no nested-container runtime.")));

    List<Violation> violations = evaluate(stack);

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).exempted()).isTrue();
    assertThat(violations.get(0).exemption()).contains("The cluster has no nested-container runtime.");
  }

  @Test
  void exemptedCriticalDoesNotBlock() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().setInsecureSkipVerify(true);
    stack.getSpec().getPolicy().setExemptions(List.of(new Exemption("RS-RUN-001", "Test instance only.")));

    List<Violation> violations = evaluate(stack);
    Violation skipVerify = violations.stream()
        .filter(violation -> violation.rule() == Rule.RUNNER_TLS_VERIFY_DISABLED)
        .findFirst()
        .orElseThrow();

    assertThat(skipVerify.severity()).isEqualTo(Severity.Critical);
    assertThat(skipVerify.exempted()).isTrue();
    assertThat(skipVerify.blocking()).isFalse();
    assertThat(PolicyEngine.blocks(PolicySpec.Mode.Enforce, violations)).isFalse();
  }

  @Test
  void unexemptedCriticalBlocks() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().setInsecureSkipVerify(true);

    List<Violation> violations = evaluate(stack);

    assertThat(PolicyEngine.blocks(PolicySpec.Mode.Enforce, violations)).isTrue();
  }

  @Test
  void emptyExceptReportsEgressRules() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().getEgress().setExceptCIDRs(List.of());

    List<Violation> violations = evaluate(stack);

    assertThat(violations).extracting(violation -> violation.rule().id())
        .contains("RS-NET-001", "RS-NET-002");
    assertThat(violations).filteredOn(violation -> violation.rule() == Rule.DIND_EGRESS_PRIVATE)
        .hasSize(3);
    assertThat(violations).filteredOn(violation -> violation.rule() == Rule.DIND_EGRESS_METADATA)
        .extracting(Violation::field)
        .containsExactly("spec.dind.egress.exceptCIDRs");
  }

  @Test
  void partialExceptReportsOpenRange() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().getEgress()
        .setExceptCIDRs(List.of("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12"));

    List<Violation> violations = evaluate(stack);

    assertThat(violations).filteredOn(violation -> violation.rule() == Rule.DIND_EGRESS_PRIVATE)
        .extracting(Violation::message)
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("192.168.0.0/16");
    assertThat(violations).extracting(violation -> violation.rule().id()).doesNotContain("RS-NET-001");
  }

  @Test
  void allowedPrivateSubnetIsReported() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().getEgress().setAllowedCIDRs(List.of("0.0.0.0/0", "10.20.0.0/16"));

    List<Violation> violations = evaluate(stack);

    assertThat(violations).filteredOn(violation -> violation.rule() == Rule.DIND_EGRESS_PRIVATE)
        .extracting(Violation::message)
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("10.0.0.0/8");
  }

  @Test
  void publicOnlyEgressIsClean() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getDind().getEgress().setAllowedCIDRs(List.of("203.0.113.0/24"));
    stack.getSpec().getDind().getEgress().setExceptCIDRs(List.of());

    List<Violation> violations = evaluate(stack);

    assertThat(violations).extracting(violation -> violation.rule().id())
        .doesNotContain("RS-NET-001", "RS-NET-002");
  }

  @Test
  void plainHttpInstanceIsCritical() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().setInstanceURL("http://forgejo.example.com");

    List<Violation> violations = evaluate(stack);

    assertThat(violations).extracting(violation -> violation.rule().id()).contains("RS-RUN-002");
    assertThat(PolicyEngine.blocks(PolicySpec.Mode.Enforce, violations)).isTrue();
  }

  @Test
  void literalTokenEnvIsReported() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    stack.getSpec().getRunner().setExtraEnv(List.of(new EnvVar("GITEA_RUNNER_REGISTRATION_TOKEN", "abc123", null)));

    List<Violation> violations = evaluate(stack);

    assertThat(violations).extracting(violation -> violation.rule().id()).contains("RS-SEC-001");
  }

  @Test
  void tokenFilePathIsNotReported() {
    RunnerStack stack = ExampleStacks.load(ExampleStacks.SECURE_DEFAULT);
    EnvVar tokenFile = new EnvVarBuilder().withName("RUNNER_TOKEN_FILE").withValue("/run/token").build();
    stack.getSpec().getRunner().setExtraEnv(List.of(tokenFile));

    List<Violation> violations = evaluate(stack);

    assertThat(violations).extracting(violation -> violation.rule().id()).doesNotContain("RS-SEC-001");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#all")
  void violationsExplainThemselves(String example) {
    for (Violation violation : evaluate(ExampleStacks.load(example))) {
      assertThat(violation.message()).as(violation.rule().id() + " message").isNotBlank();
      assertThat(violation.field()).as(violation.rule().id() + " field").isNotBlank();
      assertThat(violation.fix()).as(violation.rule().id() + " fix").isNotBlank();
    }
  }

  @Test
  void ruleIdsAreUnique() {
    assertThat(List.of(Rule.values())).extracting(Rule::id).doesNotHaveDuplicates();
    assertThat(Rule.byId("RS-NET-002")).contains(Rule.DIND_EGRESS_PRIVATE);
    assertThat(Rule.byId("RS-FOO-001")).isEmpty();
  }

  private static List<Violation> evaluate(RunnerStack stack) {
    return PolicyEngine.evaluate(stack, StackModel.build(stack, "checksum"));
  }
}
