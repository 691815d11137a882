package dev.runnerstack.operator.model;

import static dev.runnerstack.operator.model.GeneratedObjects.service;
import static dev.runnerstack.operator.model.GeneratedObjects.services;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerstack.operator.api.RunnerStack;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which ports the Services publish, and how far. */
class ServiceExposureTest {

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void dindServiceServesOnlyTls(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    Service dind = service(StackModel.build(stack, "checksum"), stack.getMetadata().getName() + "-dind");

    List<ServicePort> ports = dind.getSpec().getPorts();

    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).getPort()).isEqualTo(2376);
    assertThat(ports.get(0).getProtocol()).isEqualTo("TCP");
    assertThat(ports.get(0).getTargetPort().getIntVal()).isEqualTo(2376);
    assertThat(dind.getSpec().getType()).isEqualTo("ClusterIP");
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void noServicePublishesPlainDocker(String example) {
    DesiredState state = ExampleStacks.build(example);

    for (Service service : services(state)) {
      assertThat(service.getSpec().getPorts()).as(service.getMetadata().getName())
          .extracting(ServicePort::getPort)
          .doesNotContain(2375);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void secureServicesAreClusterIp(String example) {
    DesiredState state = ExampleStacks.build(example);

    assertThat(services(state)).hasSize(2);
    for (Service service : services(state)) {
      assertThat(service.getSpec().getType()).as(service.getMetadata().getName()).isEqualTo("ClusterIP");
    }
  }

  @ParameterizedTest
  @MethodSource("dev.runnerstack.operator.model.ExampleStacks#secure")
  void registryServiceServesTls(String example) {
    RunnerStack stack = ExampleStacks.load(example);
    Service registry = service(StackModel.build(stack, "checksum"), stack.getMetadata().getName() + "-registry");

    assertThat(registry.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(5000);
    assertThat(registry.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("https");
  }

  @Test
  void legacyServicesKeepLegacyExposure() {
    DesiredState state = ExampleStacks.build(ExampleStacks.LEGACY_AUDIT);

    assertThat(service(state, "legacy-dind").getSpec().getPorts()).extracting(ServicePort::getPort)
        .containsExactly(2375);
    assertThat(service(state, "legacy-registry").getSpec().getType()).isEqualTo("NodePort");
  }

  @Test
  void cacheServiceIsClusterIp() {
    DesiredState state = ExampleStacks.build(ExampleStacks.LEGACY_AUDIT);

    Service cache = service(state, "legacy-runner-cache");

    assertThat(cache.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(cache.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(4001);
  }
}
