package dev.runnerstack.operator.pki;

import static dev.runnerstack.operator.pki.PkiFixtures.DIND_CLIENT;
import static dev.runnerstack.operator.pki.PkiFixtures.DIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

  private final CertificateIssuer issuer = PkiFixtures.issuer();
  private final CertificateAuthority ca = issuer.createAuthority("runnerstack ci CA");
  private final IssuedCertificate server = issuer.issue(ca, DIND_SERVER);
  private final IssuedCertificate client = issuer.issue(ca, DIND_CLIENT);

  @Test
  void checksumStableUnderReordering() {
    List<String> forwardPems = List.of(ca.certificatePem(), server.certificatePem(), client.certificatePem());
    List<String> reversedPems = List.of(client.certificatePem(), server.certificatePem(), ca.certificatePem());

    String forward = Checksums.checksum(forwardPems);
    String reversed = Checksums.checksum(reversedPems);

    assertThat(reversed).isEqualTo(forward);
  }

  @Test
  void checksumChangesWhenPemChanges() {
    IssuedCertificate renewedServer = issuer.issue(ca, DIND_SERVER);

    String before = Checksums.checksum(List.of(ca.certificatePem(), server.certificatePem()));
    String after = Checksums.checksum(List.of(ca.certificatePem(), renewedServer.certificatePem()));

    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void checksumIsLowercaseSha256Hex() {
    String checksum = Checksums.checksum(List.of(ca.certificatePem()));

    assertThat(checksum).matches("[0-9a-f]{64}");
  }

  @Test
  void checksumSeparatesEntries() {
    assertThat(Checksums.checksum(List.of("ab", "c"))).isNotEqualTo(Checksums.checksum(List.of("a", "bc")));
  }

  @Test
  void checksumOfEmptyIsSha256OfNothing() {
    // SHA-256 of zero bytes, the value `sha256sum` prints for empty input.
    assertThat(Checksums.checksum(List.of()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
