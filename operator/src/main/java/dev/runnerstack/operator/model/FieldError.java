package dev.runnerstack.operator.model;

/**
 * One invalid spec value.
 *
 * @param field the path of the field, such as spec.runner.instanceURL
 * @param message what is wrong, with the value when it is not secret
 * @param fix what to change
 */
public record FieldError(String field, String message, String fix) {
  @Override
  public String toString() {
    return field + ": " + message + " " + fix;
  }
}
