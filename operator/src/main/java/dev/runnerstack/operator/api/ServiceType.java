package dev.runnerstack.operator.api;

/** Kubernetes Service types a stack component may use. */
public enum ServiceType {
  ClusterIP,
  NodePort,
  LoadBalancer
}
