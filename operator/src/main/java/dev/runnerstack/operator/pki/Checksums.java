package dev.runnerstack.operator.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Checksums over PEM text, used as pod-template annotations so that pods roll when their certificates change. */
public final class Checksums {

  private Checksums() {
  }

  /**
   * Computes the lowercase hex SHA-256 of the PEM strings. The strings are sorted first, so the result does not
   * depend on iteration order, and each is followed by a NUL byte, so {@code ["ab", "c"]} and {@code ["a", "bc"]}
   * hash differently. The text is hashed as given, so a change in line endings also changes the checksum.
   */
  public static String checksum(Collection<String> pems) {
    Objects.requireNonNull(pems, "pems must not be null");
    List<String> sorted = new ArrayList<>(pems.size());
    for (String pem : pems) {
      sorted.add(Objects.requireNonNull(pem, "pems must not contain null"));
    }
    sorted.sort(null);

    MessageDigest digest = sha256();
    for (String pem : sorted) {
      digest.update(pem.getBytes(StandardCharsets.UTF_8));
      // PEM text never contains NUL, so the separator marks where one entry ends.
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK.", e);
    }
  }
}
