package io.faceattend.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for local HTTPS ({@code ./faceattend dev-cert}): the JDK's keytool
 * makes an RSA key pair and certificate with the given host names and addresses as subject
 * alternative names; they are written as the PEM files FACEATTEND_TLS_CERT and FACEATTEND_TLS_KEY
 * take (the key as unencrypted PKCS#8, readable by its owner only). Never for production.
 */
public final class DevCertificate {

  private static final char[] TEMPORARY_PASSWORD = "faceattend-dev".toCharArray();

  private DevCertificate() {}

  /** Writes {@code cert.pem} and {@code key.pem} into {@code directory}. */
  public static GatewayConfig.Tls generate(Path directory, List<String> hosts, int validDays)
      throws IOException {
    Files.createDirectories(directory);
    Path keystore = Files.createTempFile(directory, "dev-cert-", ".p12");
    Files.delete(keystore); // keytool creates it
    try {
      List<String> san = new ArrayList<>();
      for (String host : hosts) {
        san.add((host.matches("[0-9.]+|.*:.*") ? "ip:" : "dns:") + host);
      }
      run(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
              "-genkeypair",
              "-alias",
              "faceattend",
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-sigalg",
              "SHA256withRSA",
              "-validity",
              Integer.toString(validDays),
              "-dname",
              "CN=" + hosts.get(0) + ", O=FaceAttend development",
              "-ext",
              "SAN=" + String.join(",", san),
              "-storetype",
              "PKCS12",
              "-keystore",
              keystore.toString(),
              "-storepass",
              new String(TEMPORARY_PASSWORD),
              "-keypass",
              new String(TEMPORARY_PASSWORD)));
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, TEMPORARY_PASSWORD);
      }
      Key key = store.getKey("faceattend", TEMPORARY_PASSWORD);
      Certificate certificate = store.getCertificate("faceattend");
      Path certFile = directory.resolve("cert.pem");
      Path keyFile = directory.resolve("key.pem");
      Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
      Files.deleteIfExists(keyFile);
      Files.createFile(keyFile);
      try {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's permissions apply
      }
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      return new GatewayConfig.Tls(certFile, keyFile);
    } catch (GeneralSecurityException e) {
      throw new IOException("Could not read the generated key: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(keystore);
    }
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for keytool", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
