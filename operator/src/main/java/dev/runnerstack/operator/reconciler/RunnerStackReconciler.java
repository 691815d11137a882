package dev.runnerstack.operator.reconciler;

import dev.runnerstack.operator.api.RunnerStack;
import dev.runnerstack.operator.api.SecretKeyRef;
import dev.runnerstack.operator.model.DesiredState;
import dev.runnerstack.operator.model.FieldError;
import dev.runnerstack.operator.model.SpecValidator;
import dev.runnerstack.operator.model.StackLabels;
import dev.runnerstack.operator.model.StackModel;
import dev.runnerstack.operator.model.StackSettings;
import dev.runnerstack.operator.policy.PolicyEngine;
import dev.runnerstack.operator.policy.Violation;
import dev.runnerstack.operator.reconciler.CertificateManager.CertificateSet;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles a RunnerStack in a fixed order: validate, evaluate the policy on the desired objects, then
 * certificates, configuration, services, workloads, network policies, the policy on what was applied, and
 * status. Nothing is deleted here: owner references let the garbage collector remove what a stack owned.
 */
@ControllerConfiguration(name = RunnerStackReconciler.NAME,
    fieldManager = StackApplier.FIELD_MANAGER,
    // Certificates are renewed on a reconcile, so each stack is looked at at least once an hour.
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 1, timeUnit = TimeUnit.HOURS))
public class RunnerStackReconciler implements Reconciler<RunnerStack> {
  public static final String NAME = "runnerstack";
  private static final int HTTP_CONFLICT = 409;
  private static final Duration INPUT_RECHECK_INTERVAL = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(RunnerStackReconciler.class);
  static final String REFERENCED_SECRETS_INDEX = "referenced-secrets";
  static final String REFERENCED_CONFIGMAPS_INDEX = "referenced-configmaps";

  private final Clock clock;
  private final CertificateManager certificates;
  private final OperatorMetrics metrics;
  private final ObjectWriter writer;
  private final Map<Class<?>, InformerEventSource<?, ?>> informers = new LinkedHashMap<>();
  private InformerEventSource<Secret, RunnerStack> referencedSecrets;
  private InformerEventSource<ConfigMap, RunnerStack> referencedConfigMaps;

  public RunnerStackReconciler(Clock clock, CertificateManagerFactory certificates, OperatorMetrics metrics,
      ObjectWriter writer) {
    this.clock = clock;
    this.certificates = certificates.create();
    this.metrics = metrics;
    this.writer = writer;
  }

  /** Supplies the certificate manager, so tests can pass a fixed clock to the issuer and renewal policy. */
  @FunctionalInterface
  public interface CertificateManagerFactory {
    CertificateManager create();

    static CertificateManagerFactory withClock(Clock clock) {
      return () -> new CertificateManager(dev.runnerstack.operator.pki.CertificateIssuer.withDefaults(clock),
          dev.runnerstack.operator.pki.RenewalPolicy.withDefaults(clock));
    }
  }

  @Override
  public UpdateControl<RunnerStack> reconcile(RunnerStack stack, Context<RunnerStack> context) {
    ResourceID id = ResourceID.fromResource(stack);
    MDC.put("resource", "RunnerStack(" + stack.getMetadata().getNamespace() + "/" + stack.getMetadata().getName()
        + ")");
    MDC.put("reconciliationId", UUID.randomUUID().toString().substring(0, 8));
    Instant started = clock.instant();
    String result = "error";
    try {
      LOG.debug("Reconcile started");
      Outcome outcome = reconcileSteps(stack, context, id);
      result = outcome.result();
      metrics.recordViolations(id, outcome.violations());
      UpdateControl<RunnerStack> control =
          StatusUpdater.update(stack, outcome, clock, new EventRecorder(context.getClient(), clock));
      if (outcome.inputProblem().isPresent()) {
        // A referenced Secret without the watch label sends no event, so look again from time to time.
        control.rescheduleAfter(INPUT_RECHECK_INTERVAL);
      }
      return control;
    } finally {
      metrics.retainOnly(context.getPrimaryCache().list().map(ResourceID::fromResource)
          .collect(Collectors.toSet()));
      metrics.recordReconcile(result, Duration.between(started, clock.instant()));
      LOG.debug("Reconcile finished: {}", result);
      MDC.remove("resource");
      MDC.remove("reconciliationId");
    }
  }

  private Outcome reconcileSteps(RunnerStack stack, Context<RunnerStack> context, ResourceID id) {
    StackApplier applier = new StackApplier(context.getClient(), writer, informers, id);
    Outcome.Builder outcome = Outcome.builder(stack);

    // Invalid input stops here; objects from the last valid spec keep running.
    List<FieldError> errors = SpecValidator.validate(stack);
    if (!errors.isEmpty()) {
      return outcome.invalidSpec(errors).components(ComponentReadiness.observe(StackSettings.of(stack), applier))
          .build();
    }
    StackSettings settings = StackSettings.of(stack);
    outcome.components(ComponentReadiness.observe(settings, applier));

    // The policy is evaluated before any write, so Enforce mode can keep a violating spec from taking effect.
    List<Violation> violations = PolicyEngine.evaluate(stack, StackModel.build(stack, ""));
    outcome.violations(violations);
    if (PolicyEngine.blocks(settings.policyMode(), violations)) {
      return outcome.blocked().build();
    }
    Optional<InputProblem> missing = checkReferencedObjects(settings, context);
    if (missing.isPresent()) {
      return outcome.inputProblem(missing.get()).build();
    }

    // 1. Certificates
    CertificateSet certs = certificates.ensure(settings.names(), StackModel.ownerReference(stack),
        StackModel.certificateRequests(settings), name -> applier.cached(Secret.class, name).orElse(null), applier);
    DesiredState desired = StackModel.build(stack, certs.checksum());
    // 2. Configuration
    applier.applyAll(desired.configuration());
    // 3. Services
    applier.applyAll(desired.services());
    // 4. Workloads, after the claims their pods mount
    applier.applyAll(desired.storage());
    applier.applyAll(desired.workloads());
    // 5. Network policies
    applier.applyAll(desired.networkPolicies());
    // 6. Policy evaluation on the objects as applied
    List<Violation> applied = PolicyEngine.evaluate(stack, desired);
    metrics.recordCertificates(id, certs.statuses(settings.names()));
    if (applier.writes() > 0) {
      LOG.info("Applied {} objects", applier.writes());
    }
    // 7. Status, from the objects as they are now
    return outcome.violations(applied)
        .deployed(certs.statuses(settings.names()))
        .components(ComponentReadiness.observe(settings, applier))
        .build();
  }

  /** Checks that the Secrets and ConfigMaps the spec names exist, carry the watch label and have the key. */
  private Optional<InputProblem> checkReferencedObjects(StackSettings settings, Context<RunnerStack> context) {
    String namespace = settings.names().namespace();
    Optional<InputProblem> token = checkSecret(context, namespace, settings.registrationSecret(),
        "spec.runner.registration.secretRef", "TokenSecretNotFound", "the registration credential");
    if (token.isPresent()) {
      return token;
    }
    Optional<SecretKeyRef> caSecret = settings.instanceCASecret();
    if (caSecret.isPresent()) {
      Optional<InputProblem> ca = checkSecret(context, namespace, caSecret.get(),
          "spec.runner.instanceCA.secretRef", "InstanceCANotFound", "the instance's CA bundle");
      if (ca.isPresent()) {
        return ca;
      }
    }
    Optional<SecretKeyRef> caConfigMap = settings.instanceCAConfigMap();
    if (caConfigMap.isPresent()) {
      SecretKeyRef ref = caConfigMap.get();
      Optional<ConfigMap> cm = referencedConfigMaps.get(new ResourceID(ref.getName(), namespace));
      if (cm.isEmpty()) {
        return Optional.of(notFound("InstanceCANotFound", "spec.runner.instanceCA.configMapRef", "ConfigMap",
            ref, namespace, context.getClient().configMaps().inNamespace(namespace).withName(ref.getName())
                .get() != null));
      }
      if (cm.get().getData() == null || !cm.get().getData().containsKey(ref.getKey())) {
        return Optional.of(new InputProblem("InstanceCAKeyMissing", "spec.runner.instanceCA.configMapRef.key",
            "ConfigMap " + ref.getName() + " has no key " + ref.getKey() + ". Add the PEM CA bundle under that key."));
      }
    }
    Optional<SecretKeyRef> htpasswd = settings.registryEnabled() ? settings.htpasswdSecret() : Optional.empty();
    if (htpasswd.isPresent()) {
      return checkSecret(context, namespace, htpasswd.get(), "spec.registry.htpasswdSecretRef",
          "HtpasswdSecretNotFound", "the registry's htpasswd file");
    }
    return Optional.empty();
  }

  private Optional<InputProblem> checkSecret(Context<RunnerStack> context, String namespace, SecretKeyRef ref,
      String field, String reason, String what) {
    Optional<Secret> secret = referencedSecrets.get(new ResourceID(ref.getName(), namespace));
    if (secret.isEmpty()) {
      boolean existsUnlabeled =
          context.getClient().secrets().inNamespace(namespace).withName(ref.getName()).get() != null;
      return Optional.of(notFound(reason, field, "Secret", ref, namespace, existsUnlabeled));
    }
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.get().getData() != null) {
      data.putAll(secret.get().getData());
    }
    if (secret.get().getStringData() != null) {
      data.putAll(secret.get().getStringData());
    }
    if (!data.containsKey(ref.getKey())) {
      return Optional.of(new InputProblem(reason.replace("NotFound", "KeyMissing"), field + ".key",
          "Secret " + ref.getName() + " has no key " + ref.getKey() + ". Put " + what + " under that key."));
    }
    return Optional.empty();
  }

  private static InputProblem notFound(String reason, String field, String kind, SecretKeyRef ref,
      String namespace, boolean existsUnlabeled) {
    String label = StackLabels.WATCH + "=true";
    if (existsUnlabeled) {
      return new InputProblem(reason, field, kind + " " + ref.getName() + " exists in namespace " + namespace
          + " but lacks the label " + label + ", so the operator does not watch it. Run: kubectl label "
          + kind.toLowerCase(java.util.Locale.ROOT) + " " + ref.getName() + " " + label + " -n " + namespace);
    }
    return new InputProblem(reason, field, kind + " " + ref.getName() + " (named by " + field + ") was not found "
        + "in namespace " + namespace + ". Create it with the key " + ref.getKey() + " and the label " + label
        + "; the stack converges as soon as it exists.");
  }

  @Override
  public ErrorStatusUpdateControl<RunnerStack> updateErrorStatus(RunnerStack stack, Context<RunnerStack> context,
      Exception e) {
    if (e instanceof KubernetesClientException client && client.getCode() == HTTP_CONFLICT) {
      // Another writer changed an object first; the retry reads the new version, so this is not a failure.
      LOG.info("Reconcile of RunnerStack {}/{} hit a conflict and is retried", stack.getMetadata().getNamespace(),
          stack.getMetadata().getName());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    LOG.warn("Reconcile of RunnerStack {}/{} failed: {}", stack.getMetadata().getNamespace(),
        stack.getMetadata().getName(), StatusUpdater.safeMessage(e));
    return ErrorStatusUpdateControl.patchStatus(
        StatusUpdater.statusPatch(stack, StatusUpdater.failed(stack, e, clock)));
  }

  @Override
  public List<EventSource<?, RunnerStack>> prepareEventSources(EventSourceContext<RunnerStack> context) {
    IndexerResourceCache<RunnerStack> primaries = context.getPrimaryCache();
    primaries.addIndexer(REFERENCED_SECRETS_INDEX, stack -> referencedNames(stack, true));
    primaries.addIndexer(REFERENCED_CONFIGMAPS_INDEX, stack -> referencedNames(stack, false));

    List<EventSource<?, RunnerStack>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> type : List.of(Secret.class, ConfigMap.class, Service.class,
        PersistentVolumeClaim.class, Deployment.class, NetworkPolicy.class)) {
      InformerEventSource<? extends HasMetadata, RunnerStack> source = managedInformer(type, context);
      informers.put(type, source);
      sources.add(source);
    }
    referencedSecrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class,
            RunnerStack.class)
        .withName("referenced-secrets")
        .withLabelSelector(StackLabels.WATCH_SELECTOR)
        .withSecondaryToPrimaryMapper(secret -> primaries.byIndex(REFERENCED_SECRETS_INDEX,
                key(secret)).stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    referencedConfigMaps = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class,
            RunnerStack.class)
        .withName("referenced-configmaps")
        .withLabelSelector(StackLabels.WATCH_SELECTOR)
        .withSecondaryToPrimaryMapper(cm -> primaries.byIndex(REFERENCED_CONFIGMAPS_INDEX,
                key(cm)).stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build(), context);
    sources.add(referencedSecrets);
    sources.add(referencedConfigMaps);
    return sources;
  }

  /** An informer for one kind of generated object, limited to the operator's label, mapped by instance label. */
  private static <R extends HasMetadata> InformerEventSource<R, RunnerStack> managedInformer(Class<R> type,
      EventSourceContext<RunnerStack> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, RunnerStack.class)
        .withName("managed-" + type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
        .withLabelSelector(StackLabels.MANAGED_SELECTOR)
        // The instance label, not the owner reference, because a retained registry claim has no owner.
        .withSecondaryToPrimaryMapper(object -> {
          String stack = object.getMetadata().getLabels() == null ? null
              : object.getMetadata().getLabels().get(StackLabels.INSTANCE);
          return stack == null ? Set.of() : Set.of(new ResourceID(stack, object.getMetadata().getNamespace()));
        })
        .build(), context);
  }

  private static List<String> referencedNames(RunnerStack stack, boolean secrets) {
    if (stack.getSpec() == null) {
      return List.of();
    }
    StackSettings settings = StackSettings.of(stack);
    Set<String> names = new HashSet<>();
    if (secrets) {
      Optional.ofNullable(settings.registrationSecret().getName()).ifPresent(names::add);
      settings.instanceCASecret().map(SecretKeyRef::getName).ifPresent(names::add);
      settings.htpasswdSecret().map(SecretKeyRef::getName).ifPresent(names::add);
    } else {
      settings.instanceCAConfigMap().map(SecretKeyRef::getName).ifPresent(names::add);
    }
    String namespace = stack.getMetadata().getNamespace();
    return names.stream().map(name -> namespace + "/" + name).toList();
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

}
