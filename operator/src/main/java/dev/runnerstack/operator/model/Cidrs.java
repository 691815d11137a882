package dev.runnerstack.operator.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** CIDR parsing and containment for IPv4 and IPv6, on literal addresses only (never a DNS lookup). */
public final class Cidrs {
  /** A decimal number of 0-255 without leading zeros, which some parsers read as octal. */
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
  /** Starts with a hex digit or a colon and contains a colon, so InetAddress parses it as IPv6 or rejects it. */
  private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9a-fA-F:][0-9a-fA-F:.]*");

  private Cidrs() {
  }

  /** Returns true when the text is a CIDR such as 10.0.0.0/8 or fd00::/8. */
  public static boolean isValid(String cidr) {
    try {
      parse(cidr);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Returns true when {@code inner} lies entirely inside {@code outer}; false across address families. */
  public static boolean contains(String outer, String inner) {
    Parsed o = parse(outer);
    Parsed i = parse(inner);
    if (o.bits() != i.bits() || i.prefix() < o.prefix()) {
      return false;
    }
    return o.network().equals(mask(i.address(), o.prefix(), o.bits()));
  }

  private record Parsed(BigInteger address, BigInteger network, int prefix, int bits) {
  }

  private static Parsed parse(String cidr) {
    if (cidr == null) {
      throw new IllegalArgumentException("CIDR is missing");
    }
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("CIDR " + cidr + " has no prefix length");
    }

    String host = cidr.substring(0, slash);
    // InetAddress.getByName looks up any text that is not an address literal in DNS, such as 256.0.0.0, and
    // reads 10 or 1.2.3 as short IPv4 forms that Kubernetes rejects. Only a dotted quad or an IPv6 literal
    // reaches it.
    if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException("CIDR " + cidr + " does not start with an IP address");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("CIDR " + cidr + " has an invalid address", e);
    }
    // InetAddress returns an IPv4-mapped IPv6 literal such as ::ffff:10.0.0.0 as an IPv4 address, whose prefix
    // length would then count 32 bits instead of 128.
    if (host.contains(":") && bytes.length == 4) {
      throw new IllegalArgumentException("CIDR " + cidr + " is an IPv4-mapped IPv6 address. Write it as an IPv4 CIDR.");
    }
    int bits = bytes.length * 8;

    String prefixText = cidr.substring(slash + 1);
    // Integer.parseInt alone would also take a sign, as in 10.0.0.0/+8.
    if (!prefixText.matches("[0-9]{1,3}")) {
      throw new IllegalArgumentException("CIDR " + cidr + " has an invalid prefix length");
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("CIDR " + cidr + " has a prefix length outside 0-" + bits);
    }
    BigInteger address = new BigInteger(1, bytes);
    return new Parsed(address, mask(address, prefix, bits), prefix, bits);
  }

  private static BigInteger mask(BigInteger address, int prefix, int bits) {
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return address.and(all.xor(hostMask));
  }
}
