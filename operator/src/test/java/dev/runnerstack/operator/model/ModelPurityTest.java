package dev.runnerstack.operator.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.pki.CertificateIssuer;
import dev.runnerstack.operator.policy.PolicyEngine;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.io.File;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model, policy, pki and api packages stay pure: no cluster client, operator framework, network, file
 * system, wall clock or randomness, so the same input gives the same output in the operator, the render
 * command and the tests. Fabric8's Serialization stays allowed because it only converts text.
 */
class ModelPurityTest {
  private static final String[] PURE_PACKAGES = {"..model..", "..policy..", "..pki..", "..api.."};
  private static final String RECONCILER_OR_CLI = "pure packages do not use the reconciler or the CLI";

  private static JavaClasses mainClasses;
  private static JavaClasses impureClasses;

  @BeforeAll
  static void importClasses() {
    mainClasses = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.runnerstack.operator");
    impureClasses = new ClassFileImporter().importClasses(ImpureModelClass.class);
  }

  static Stream<ArchRule> purityRules() {
    return Stream.of(
        pureClasses().should().dependOnClassesThat().haveFullyQualifiedName(KubernetesClient.class.getName())
            .as("pure packages do not use KubernetesClient"),
        pureClasses().should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client.dsl..")
            .as("pure packages do not use the Fabric8 DSL"),
        pureClasses().should().dependOnClassesThat().resideInAnyPackage("io.javaoperatorsdk..")
            .as("pure packages do not use the Java Operator SDK"),
        pureClasses().should().dependOnClassesThat().resideInAnyPackage("java.net.http..")
            .as("pure packages do not use java.net.http"),
        pureClasses().should().dependOnClassesThat().haveFullyQualifiedName(File.class.getName())
            .as("pure packages do not use java.io.File"),
        pureClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..")
            .as("pure packages do not use java.nio.file"),
        pureClasses().should().dependOnClassesThat().haveFullyQualifiedName(Random.class.getName())
            .as("pure packages do not use java.util.Random"),
        pureClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.runnerstack.operator.reconciler..", "dev.runnerstack.operator.cli..")
            .as(RECONCILER_OR_CLI),
        // The pki package takes a Clock to issue and renew certificates, so this rule leaves it out.
        noClasses().that().resideInAnyPackage("..model..", "..policy..")
            .should().dependOnClassesThat().haveFullyQualifiedName(Clock.class.getName())
            .as("model and policy do not use java.time.Clock"));
  }

  /** The fixture cannot use the reconciler or CLI classes without tying this test to their code. */
  static Stream<ArchRule> rulesTheFixtureBreaks() {
    return purityRules().filter(rule -> !rule.getDescription().equals(RECONCILER_OR_CLI));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("purityRules")
  void mainClassesFollowRule(ArchRule rule) {
    rule.check(mainClasses);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rulesTheFixtureBreaks")
  void ruleRejectsImpureClass(ArchRule rule) {
    assertThat(rule.evaluate(impureClasses).hasViolation()).isTrue();
  }

  @Test
  void importCoversPurePackages() {
    assertThat(mainClasses.contain(StackModel.class)).isTrue();
    assertThat(mainClasses.contain(PolicyEngine.class)).isTrue();
    assertThat(mainClasses.contain(CertificateIssuer.class)).isTrue();
    assertThat(mainClasses.contain(RunnerStack.class)).isTrue();
  }

  @Test
  void importLeavesOutTests() {
    assertThat(mainClasses.contain(ModelPurityTest.class)).isFalse();
    assertThat(mainClasses.contain(ImpureModelClass.class)).isFalse();
  }

  private static GivenClassesConjunction pureClasses() {
    return noClasses().that().resideInAnyPackage(PURE_PACKAGES);
  }

  /** A class in the model package with each forbidden dependency, which every rule must report. */
  @SuppressWarnings("unused")
  static final class ImpureModelClass {
    private KubernetesClient client;
    private Resource<ConfigMap> configMap;
    private Context<RunnerStack> context;
    private HttpClient http;
    private File file;
    private Path path;
    private Random random;
    private Clock clock;
  }
}
