package dev.runnerstack.operator.e2e;

import dev.runnerstack.operator.e2e.LocalControlPlane.CommandResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit extension that hands tests a {@link LocalEnvironment}: the local control plane started (and built if
 * needed) once per test run, and stopped at the end of it. A test that fails prints every RunnerStack with its
 * status and the operator's log.
 */
public final class LocalEnvironmentExtension implements ParameterResolver, TestWatcher {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalEnvironmentExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return environment(context);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    LocalEnvironment environment = context.getRoot().getStore(NAMESPACE).get(LocalEnvironment.class,
        LocalEnvironment.class);
    if (environment == null) {
      return;
    }
    System.err.println("==== " + context.getDisplayName() + " failed; RunnerStacks and operator log follow ====");
    try {
      print(environment.controlPlane.kubectl("get", "runnerstacks", "-A", "-o", "yaml"));
      print(environment.controlPlane.kubectl("get", "deployments,pods,pvc", "-A"));
    } catch (Exception e) {
      System.err.println("(could not list RunnerStacks: " + e.getMessage() + ")");
    }
    if (environment.operator != null) {
      System.err.println("---- operator log (" + environment.operator.log() + ") ----");
      System.err.println(environment.operator.logText());
    }
  }

  private static LocalEnvironment environment(ExtensionContext context) {
    // The root store keeps one environment for the whole run and closes it when the run ends.
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalEnvironment.class, type -> {
      try {
        return LocalEnvironment.start("e2e");
      } catch (Exception e) {
        throw new IllegalStateException("the local control plane could not be started: " + e.getMessage(), e);
      }
    }, LocalEnvironment.class);
  }

  private static void print(CommandResult result) {
    System.err.println(result.output());
  }
}
