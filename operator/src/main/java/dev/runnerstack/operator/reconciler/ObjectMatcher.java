package dev.runnerstack.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a cached object already has every value of the desired one. The API server adds defaults
 * and status, so "desired is contained in actual" is the test, not equality; a match means no write is needed.
 */
final class ObjectMatcher {
  private static final String[] METADATA_FIELDS = {"labels", "annotations", "ownerReferences"};

  private ObjectMatcher() {
  }

  static boolean matches(HasMetadata desired, HasMetadata actual) {
    return firstDifference(desired, actual).isEmpty();
  }

  /** Returns the path of the first desired value that the actual object lacks, such as spec.replicas. */
  static Optional<String> firstDifference(HasMetadata desired, HasMetadata actual) {
    if (actual == null) {
      return Optional.of("(object does not exist)");
    }
    JsonNode want = Serialization.jsonMapper().valueToTree(desired);
    JsonNode have = Serialization.jsonMapper().valueToTree(actual);
    Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      Optional<String> difference = name.equals("metadata")
          ? metadataDifference(field.getValue(), have.path("metadata"))
          : difference(name, field.getValue(), have.get(name));
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  /** Compares only what the operator sets on metadata: labels, annotations and owner references. */
  private static Optional<String> metadataDifference(JsonNode want, JsonNode have) {
    for (String field : METADATA_FIELDS) {
      if (want.has(field)) {
        Optional<String> difference = difference("metadata." + field, want.get(field), have.get(field));
        if (difference.isPresent()) {
          return difference;
        }
      }
    }
    // An owner reference that the desired state drops, as for a retained registry claim, is a change too.
    boolean hasOwners = have.has("ownerReferences") && have.get("ownerReferences").size() > 0;
    if (want.has("ownerReferences") != hasOwners) {
      return Optional.of("metadata.ownerReferences");
    }
    return Optional.empty();
  }

  static boolean contains(JsonNode want, JsonNode have) {
    return difference("", want, have).isEmpty();
  }

  private static Optional<String> difference(String path, JsonNode want, JsonNode have) {
    if (want == null || want.isNull()) {
      return Optional.empty();
    }
    if (have == null || have.isNull()) {
      // The API server omits Go zero values (false, 0, "") of fields such as hostNetwork, so a desired zero
      // value matches a missing field.
      boolean omitted = want.isContainerNode() ? want.isEmpty() : isZeroValue(want);
      return omitted ? Optional.empty() : Optional.of(path);
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return Optional.of(path);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        Optional<String> difference = difference(path + "." + field.getKey(), field.getValue(),
            have.get(field.getKey()));
        if (difference.isPresent()) {
          return difference;
        }
      }
      return Optional.empty();
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return Optional.of(path);
      }
      for (int i = 0; i < want.size(); i++) {
        Optional<String> difference = difference(path + "[" + i + "]", want.get(i), have.get(i));
        if (difference.isPresent()) {
          return difference;
        }
      }
      return Optional.empty();
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0 ? Optional.empty() : Optional.of(path);
    }
    boolean equal = want.asText().equals(have.asText()) && want.isNumber() == have.isNumber();
    return equal ? Optional.empty() : Optional.of(path);
  }

  private static boolean isZeroValue(JsonNode node) {
    return (node.isBoolean() && !node.booleanValue())
        || (node.isNumber() && node.decimalValue().signum() == 0)
        || (node.isTextual() && node.textValue().isEmpty());
  }
}
