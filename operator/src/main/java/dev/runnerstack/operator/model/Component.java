package dev.runnerstack.operator.model;

/** The parts of a stack. */
public enum Component {
  RUNNER("runner", "forgejo-runner"),
  DIND("dind", "docker"),
  REGISTRY("registry", "distribution"),
  /** Objects shared by the whole stack, such as the CA. */
  STACK("stack", "runnerstack");

  private final String id;
  private final String appName;

  Component(String id, String appName) {
    this.id = id;
    this.appName = appName;
  }

  public String id() {
    return id;
  }

  public String appName() {
    return appName;
  }
}
