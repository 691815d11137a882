package dev.runnerstack.operator.reconciler;

/**
 * A Secret or ConfigMap the spec names that is missing or incomplete.
 *
 * @param reason the condition reason, such as TokenSecretNotFound
 * @param field the spec field that names the object
 * @param message what is missing and how to fix it; never the object's content
 */
record InputProblem(String reason, String field, String message) {
}
