package dev.runnerstack.operator.pki;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Request for one leaf certificate.
 *
 * @param name logical id of the certificate, such as {@code "dind-server"}, used in error messages
 * @param commonName subject CN, at most 64 characters (the X.520 upper bound RFC 5280 sets)
 * @param dnsNames DNS names written as SAN dNSName entries; a {@link Usage#SERVER} request needs at least one,
 *     because Go's crypto/tls, which Docker uses, checks host names against the SAN only (since Go 1.15)
 * @param usage whether the certificate authenticates a TLS server or a TLS client
 */
public record CertificateRequest(String name, String commonName, List<String> dnsNames, Usage usage) {

  /** Upper bound for the CN attribute (ub-common-name in RFC 5280). */
  static final int MAX_COMMON_NAME_LENGTH = 64;

  private static final int MAX_DNS_NAME_LENGTH = 253;

  // One or more LDH labels of 1-63 characters, optionally after a leading "*." wildcard label.
  private static final Pattern DNS_NAME = Pattern.compile(
      "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  // Dotted digits look like an IPv4 address, which belongs in an iPAddress SAN entry, not a dNSName one.
  private static final Pattern DOTTED_DIGITS = Pattern.compile("[0-9.]+");

  /** TLS role of a leaf certificate, which sets its ExtendedKeyUsage extension. */
  public enum Usage {
    /** A TLS server (id-kp-serverAuth), such as the Docker daemon or the registry. */
    SERVER,
    /** A TLS client (id-kp-clientAuth), such as the CI runner talking to the Docker daemon. */
    CLIENT
  }

  /**
   * Validates the request and copies {@code dnsNames}.
   *
   * @throws IllegalArgumentException if a field is blank, too long or not a DNS name, or a server request has no
   *     DNS names
   */
  public CertificateRequest {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(commonName, "commonName must not be null");
    Objects.requireNonNull(dnsNames, "dnsNames must not be null");
    Objects.requireNonNull(usage, "usage must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Certificate request name must not be blank.");
    }
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("Certificate request '" + name + "' has a blank commonName.");
    }
    if (commonName.length() > MAX_COMMON_NAME_LENGTH) {
      throw new IllegalArgumentException("Certificate request '" + name + "' has a commonName of "
          + commonName.length() + " characters, but X.509 allows at most " + MAX_COMMON_NAME_LENGTH + ".");
    }
    for (String dnsName : dnsNames) {
      validateDnsName(name, dnsName);
    }
    if (usage == Usage.SERVER && dnsNames.isEmpty()) {
      throw new IllegalArgumentException("Server certificate request '" + name
          + "' has no DNS names. Add the host names clients connect to, because TLS clients check the SAN.");
    }
    dnsNames = List.copyOf(dnsNames);
  }

  private static void validateDnsName(String requestName, String dnsName) {
    if (dnsName == null) {
      throw new IllegalArgumentException("Certificate request '" + requestName + "' has a null DNS name.");
    }
    if (dnsName.length() > MAX_DNS_NAME_LENGTH || !DNS_NAME.matcher(dnsName).matches()) {
      throw new IllegalArgumentException("Certificate request '" + requestName + "' has an invalid DNS name '"
          + dnsName + "'. Use letters, digits, '-' and '.', at most " + MAX_DNS_NAME_LENGTH + " characters.");
    }
    if (DOTTED_DIGITS.matcher(dnsName).matches()) {
      throw new IllegalArgumentException("Certificate request '" + requestName + "' lists '" + dnsName
          + "' as a DNS name, but it is an IP address. IP address SANs are not supported; use a host name.");
    }
  }
}
