package dev.runnerstack.operator.model;

/** Logical names of a stack's certificates, as used in status and in the certificate requests. */
public final class CertificateNames {
  public static final String CA = "ca";
  public static final String DIND_SERVER = "dind-server";
  public static final String DIND_CLIENT = "dind-client";
  public static final String REGISTRY_SERVER = "registry-server";

  private CertificateNames() {
  }

  /** Returns the name of the Secret that contains a certificate. */
  public static String secretName(StackNames names, String certificate) {
    return switch (certificate) {
      case CA -> names.caSecret();
      case DIND_SERVER -> names.dindServerSecret();
      case DIND_CLIENT -> names.dindClientSecret();
      case REGISTRY_SERVER -> names.registrySecret();
      default -> throw new IllegalArgumentException("unknown certificate " + certificate);
    };
  }
}
