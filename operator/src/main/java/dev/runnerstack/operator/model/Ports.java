package dev.runnerstack.operator.model;

/** Port numbers of the stack's components. NetworkPolicies use them as numbers, never as names. */
public final class Ports {
  public static final int DOCKER_TLS = 2376;
  public static final int DOCKER_PLAIN = 2375;
  public static final int REGISTRY = 5000;
  public static final int DNS = 53;

  private Ports() {
  }
}
