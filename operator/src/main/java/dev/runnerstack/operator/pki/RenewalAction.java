package dev.runnerstack.operator.pki;

/** Outcome of {@link RenewalPolicy}: what to do with a stored certificate or CA. */
public enum RenewalAction {
  /** The stored certificate is valid and outside the renewal window, so leave it as it is. */
  KEEP,
  /** Nothing is stored yet, so issue a new one. */
  CREATE,
  /** The stored certificate is valid but expires within the renewal window, so issue a successor. */
  RENEW,
  /**
   * The stored certificate no longer matches the CA, the request or its own key, or cannot be parsed, so replace it
   * now regardless of its expiry.
   */
  REISSUE
}
