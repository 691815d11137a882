package dev.runnerstack.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/8", "0.0.0.0/0", "192.168.1.7/32", "169.254.0.0/16", "fd00::/8", "::/0",
      "2001:db8::/32", "2001:db8::1/128", "::1/128"})
  void literalCidrIsValid(String cidr) {
    assertThat(Cidrs.isValid(cidr)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/",
      "10.0.0.0/x", "/8", "", "256.0.0.0/8", "1.2.3.4.5/8", "10/8", "1.2.3/8", "010.0.0.0/8", "2001:db8::g/32",
      "fd00:::/8", "::ffff:10.0.0.0/8", "::ffff:10.0.0.0/104"})
  void malformedCidrIsInvalid(String cidr) {
    assertThat(Cidrs.isValid(cidr)).isFalse();
  }

  @Test
  void nullCidrIsInvalid() {
    assertThat(Cidrs.isValid(null)).isFalse();
  }

  // Each of these would resolve through DNS or the hosts file if it reached InetAddress.getByName.
  @ParameterizedTest
  @ValueSource(strings = {"example.com/8", "localhost/8", "forgejo/16", "a.b/24", "forgejo.example.internal/16"})
  void hostnameIsInvalid(String cidr) {
    assertThat(Cidrs.isValid(cidr)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      "0.0.0.0/0, 10.0.0.0/8",
      "10.0.0.0/8, 10.1.0.0/16",
      "10.0.0.0/8, 10.255.255.255/32",
      "10.0.0.0/8, 10.0.0.0/8",
      "169.254.0.0/16, 169.254.169.254/32",
      "172.16.0.0/12, 172.31.0.0/16",
      "::/0, fd00::/8",
      "fd00::/8, fd12:3456::/32",
      "2001:db8::/32, 2001:db8:1::1/128"})
  void outerContainsInner(String outer, String inner) {
    assertThat(Cidrs.contains(outer, inner)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 11.0.0.0/16",
      "10.1.0.0/16, 10.0.0.0/8",
      "172.16.0.0/12, 172.32.0.0/16",
      "192.168.0.0/16, 192.169.0.0/24",
      "2001:db8::/32, 2001:db9::/48",
      "fd00::/8, fc00::/8"})
  void outerDoesNotContainInner(String outer, String inner) {
    assertThat(Cidrs.contains(outer, inner)).isFalse();
  }

  @Test
  void familiesNeverContainEachOther() {
    assertThat(Cidrs.contains("0.0.0.0/0", "::/0")).isFalse();
    assertThat(Cidrs.contains("::/0", "0.0.0.0/0")).isFalse();
    assertThat(Cidrs.contains("::/0", "10.0.0.0/8")).isFalse();
  }

  @Test
  void hostBitsAreIgnored() {
    assertThat(Cidrs.contains("10.1.2.3/8", "10.200.0.0/16")).isTrue();
    assertThat(Cidrs.contains("10.0.0.0/8", "10.1.2.3/16")).isTrue();
  }
}
