package dev.runnerstack.operator.cli;

import dev.runnerstack.operator.reconciler.OperatorRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the operator with the Kubernetes client configured from the environment (kubeconfig or in-cluster). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator until it receives SIGTERM or SIGINT.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--watch-namespaces", split = ",", defaultValue = "${env:WATCH_NAMESPACES}",
      description = "Namespaces to watch, comma-separated; empty watches all namespaces (env WATCH_NAMESPACES).")
  List<String> watchNamespaces;

  @Option(names = "--http-port", defaultValue = "${env:HTTP_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics (env HTTP_PORT, default 8080).")
  int httpPort;

  @Option(names = "--leader-election", negatable = true, defaultValue = "${env:LEADER_ELECTION:-false}",
      fallbackValue = "true",
      description = "Elect a leader through a Lease, so that several replicas are safe (env LEADER_ELECTION).")
  boolean leaderElection;

  @Option(names = "--lease-namespace", defaultValue = "${env:POD_NAMESPACE}",
      description = "Namespace of the leader election Lease (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(names = "--lease-name", defaultValue = "${env:LEASE_NAME:-runnerstack-operator}",
      description = "Name of the leader election Lease (env LEASE_NAME, default runnerstack-operator).")
  String leaseName;

  @Override
  public Integer call() throws Exception {
    List<String> namespaces = watchNamespaces == null ? List.of()
        : watchNamespaces.stream().map(String::trim).filter(ns -> !ns.isEmpty()).toList();
    if (leaderElection && (leaseNamespace == null || leaseNamespace.isBlank())) {
      System.err.println("error: --leader-election needs --lease-namespace (or env POD_NAMESPACE): the namespace "
          + "where the operator may create its Lease.");
      return 1;
    }
    OperatorRuntime runtime = OperatorRuntime.start(new OperatorRuntime.Settings(namespaces, httpPort,
        leaderElection, leaseNamespace, leaseName));
    runtime.awaitShutdown();
    return 0;
  }
}
