package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A key of a Secret or ConfigMap in the RunnerStack's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  @Required
  @JsonPropertyDescription("Name of the object in the RunnerStack's namespace. It needs the label "
      + "runnerstack.dev/watched=true so that the operator sees it and reacts when it changes.")
  private String name;

  @JsonPropertyDescription("Key inside the object.")
  private String key;

  public SecretKeyRef() {
  }

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretKeyRef other && Objects.equals(name, other.name) && Objects.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }
}
