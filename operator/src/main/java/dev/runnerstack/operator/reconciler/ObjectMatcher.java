package dev.runnerstack.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides whether a cached object already has every value of the desired one. The API server adds defaults
 * and status, so "desired is contained in actual" is the test, not equality; a match means no write is needed.
 */
final class ObjectMatcher {
  private ObjectMatcher() {
  }

  static boolean matches(HasMetadata desired, HasMetadata actual) {
    if (actual == null) {
      return false;
    }
    JsonNode want = Serialization.jsonMapper().valueToTree(desired);
    JsonNode have = Serialization.jsonMapper().valueToTree(actual);
    Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (name.equals("metadata")) {
        if (!metadataMatches(field.getValue(), have.path("metadata"))) {
          return false;
        }
      } else if (!contains(field.getValue(), have.get(name))) {
        return false;
      }
    }
    return true;
  }

  /** Compares only what the operator sets on metadata: labels, annotations and owner references. */
  private static boolean metadataMatches(JsonNode want, JsonNode have) {
    for (String field : new String[] {"labels", "annotations", "ownerReferences"}) {
      if (want.has(field) && !contains(want.get(field), have.get(field))) {
        return false;
      }
    }
    // A missing owner reference on one side and a present one on the other is a change too.
    return want.has("ownerReferences") == (have.has("ownerReferences") && have.get("ownerReferences").size() > 0);
  }

  static boolean contains(JsonNode want, JsonNode have) {
    if (want == null || want.isNull()) {
      return true;
    }
    if (have == null || have.isNull()) {
      return want.isContainerNode() && want.isEmpty();
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!contains(field.getValue(), have.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!contains(want.get(i), have.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    return want.asText().equals(have.asText()) && want.isNumber() == have.isNumber();
  }
}
