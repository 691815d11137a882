package dev.runnerstack.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The standard app.kubernetes.io labels on every generated object. */
public final class StackLabels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "runnerstack-operator";
  public static final String PART_OF_VALUE = "runnerstack";
  /** Selector the operator's informers use for the objects it generates. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;
  /** Label a user puts on a referenced Secret or ConfigMap so that the operator watches it. */
  public static final String WATCH = "runnerstack.dev/watched";
  public static final String WATCH_SELECTOR = WATCH + "=true";

  public static final String CERTIFICATES_CHECKSUM = "runnerstack.dev/certificates-checksum";
  public static final String CONFIG_CHECKSUM = "runnerstack.dev/config-checksum";

  private StackLabels() {
  }

  /** Returns the full label set of a component's objects. */
  public static Map<String, String> of(String stack, Component component) {
    Map<String, String> labels = new LinkedHashMap<>(selector(stack, component));
    labels.put(NAME, component.appName());
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    return labels;
  }

  /** Returns the labels that select a component's pods; they never change, so Deployments can keep them. */
  public static Map<String, String> selector(String stack, Component component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(INSTANCE, stack);
    labels.put(COMPONENT, component.id());
    labels.put(PART_OF, PART_OF_VALUE);
    return labels;
  }

  /** Returns the labels that select every pod of a stack. */
  public static Map<String, String> stackSelector(String stack) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(INSTANCE, stack);
    labels.put(PART_OF, PART_OF_VALUE);
    return labels;
  }
}
