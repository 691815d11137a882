package dev.runnerstack.operator.model;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.pki.CertificateRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a RunnerStack into the objects it generates. A pure function: no client, clock, randomness or I/O,
 * so the operator, the render command and the tests all get the same objects for the same input.
 */
public final class StackModel {
  private StackModel() {
  }

  /**
   * Builds the desired state.
   *
   * @param stack the custom resource; its spec must have passed {@link SpecValidator}
   * @param certificatesChecksum checksum of the current certificate PEMs. It goes on the pod templates, so pods
   *     roll when a certificate is renewed. It is empty when no certificates exist yet, as in the render command.
   */
  public static DesiredState build(RunnerStack stack, String certificatesChecksum) {
    StackSettings settings = StackSettings.of(stack);
    StackNames names = settings.names();
    OwnerReference owner = ownerReference(stack);

    List<HasMetadata> configuration = new ArrayList<>();
    String runnerConfig = ConfigFiles.runnerConfig(settings);
    String daemonJson = ConfigFiles.daemonJson(settings);
    configuration.add(configMap(names.runnerConfig(), names, Component.RUNNER, owner,
        Map.of("config.yml", runnerConfig)));
    configuration.add(configMap(names.dindConfig(), names, Component.DIND, owner,
        Map.of("daemon.json", daemonJson)));

    Workloads workloads = new Workloads(settings, owner, certificatesChecksum);
    Networking networking = new Networking(settings, owner);
    return new DesiredState(
        settings,
        certificateRequests(settings),
        configuration,
        networking.services(),
        Storage.claims(settings, owner),
        workloads.deployments(runnerConfig, daemonJson),
        networking.networkPolicies());
  }

  /** Lists the certificates a stack needs, with a SAN for every DNS name of its Services. */
  public static List<CertificateRequest> certificateRequests(StackSettings settings) {
    StackNames names = settings.names();
    List<CertificateRequest> requests = new ArrayList<>();
    requests.add(new CertificateRequest(CertificateNames.DIND_SERVER, names.dind(),
        names.serviceDnsNames(names.dind()), CertificateRequest.Usage.SERVER));
    requests.add(new CertificateRequest(CertificateNames.DIND_CLIENT, names.runner(),
        List.of(names.runner()), CertificateRequest.Usage.CLIENT));
    if (settings.registryEnabled()) {
      requests.add(new CertificateRequest(CertificateNames.REGISTRY_SERVER, names.registry(),
          names.serviceDnsNames(names.registry()), CertificateRequest.Usage.SERVER));
    }
    return requests;
  }

  /** Returns the controller owner reference that ties a generated object to its RunnerStack. */
  public static OwnerReference ownerReference(RunnerStack stack) {
    return new OwnerReferenceBuilder()
        .withApiVersion(RunnerStack.GROUP + "/" + RunnerStack.VERSION)
        .withKind("RunnerStack")
        .withName(stack.getMetadata().getName())
        .withUid(stack.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static ObjectMeta metadata(String name, StackNames names, Component component, OwnerReference owner) {
    ObjectMetaBuilder builder = new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(names.namespace())
        .withLabels(StackLabels.of(names.stack(), component));
    if (owner != null) {
      builder.withOwnerReferences(owner);
    }
    return builder.build();
  }

  private static ConfigMap configMap(String name, StackNames names, Component component, OwnerReference owner,
      Map<String, String> data) {
    return new ConfigMapBuilder()
        .withMetadata(metadata(name, names, component, owner))
        .withData(data)
        .build();
  }
}
