/**
 * Private CA and leaf certificates for a runner stack: the Docker-in-Docker daemon, its client and the registry.
 *
 * <p>The package is pure Java and BouncyCastle. It does no I/O and has no Kubernetes client, so callers read and
 * write the PEM text from Secrets themselves. Time comes from an injected {@link java.time.Clock} and randomness from
 * an injected {@link java.security.SecureRandom}. {@link dev.runnerstack.operator.pki.RenewalPolicy} decides when a
 * stored certificate must be replaced, so a routine reconcile keeps existing certificates.
 */
package dev.runnerstack.operator.pki;
