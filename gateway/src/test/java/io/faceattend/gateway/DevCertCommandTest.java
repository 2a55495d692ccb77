package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.gateway.cli.FaceAttendCli;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./faceattend dev-cert}: PEM files the gateway accepts (RateLimitTlsTest serves them). */
class DevCertCommandTest {

  @Test
  void writesACertificateForTheGivenHostsAndAnOwnerOnlyKey() throws Exception {
    Path out = Files.createTempDirectory("faceattend-dev-cert");
    int code =
        FaceAttendCli.run(
            "dev-cert", "--out", out.toString(), "--host", "attend.local", "--host", "10.1.2.3");
    assertThat(code).isZero();
    X509Certificate certificate;
    try (InputStream in = Files.newInputStream(out.resolve("cert.pem"))) {
      certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=attend.local");
    assertThat(
            certificate.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1)))
                .toList())
        .containsExactlyInAnyOrder("attend.local", "10.1.2.3");
    certificate.checkValidity();
    assertThat(Files.readString(out.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("key.pem"))))
        .isEqualTo("rw-------");
    // no temporary keystore left behind
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .isEqualTo(List.of("cert.pem", "key.pem"));
    }
    assertThat(FaceAttendCli.run("dev-cert", "--out", out.toString(), "--days", "0")).isNotZero();
  }
}
