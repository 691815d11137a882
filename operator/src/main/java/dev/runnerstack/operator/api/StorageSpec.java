package dev.runnerstack.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Volume for a component's data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  /** Volume kind. */
  public enum Type {
    EmptyDir,
    PersistentVolumeClaim
  }

  @JsonPropertyDescription("EmptyDir (data lives as long as the pod) or PersistentVolumeClaim.")
  private Type type;

  @JsonPropertyDescription("Size of the volume, for example 20Gi: the claim's request, or the emptyDir's "
      + "sizeLimit.")
  private String size;

  @JsonPropertyDescription("StorageClass of the claim. Empty means the cluster's default class.")
  private String storageClassName;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
