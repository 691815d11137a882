package dev.runnerstack.operator.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** CIDR parsing and containment for IPv4 and IPv6, on literal addresses only (never a DNS lookup). */
public final class Cidrs {
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
    // InetAddress.getByName does a DNS lookup for names; accept only literal addresses.
    if (!host.matches("[0-9.]+") && !host.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException("CIDR " + cidr + " does not start with an IP address");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("CIDR " + cidr + " has an invalid address", e);
    }
    int bits = bytes.length * 8;
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("CIDR " + cidr + " has an invalid prefix length", e);
    }
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
