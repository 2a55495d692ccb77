package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.faceattend.proto.v1.GetProfileRequest;
import io.faceattend.proto.v1.UserServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's acceptance for rate limits and TLS: a gateway serving HTTPS (and gRPC over TLS, on the
 * same port) with PEM files made by {@code dev-cert}, with seed 001's limits given explicitly. The
 * 6th login within a minute from one address gets 429 with Retry-After; the owner signing in from
 * another address (a socket bound to 127.0.0.2) is not blocked.
 */
class RateLimitTlsTest {

  /** Seed 001's table, spelled out (the default; the other gateway tests raise it). */
  private static final String SEED_LIMITS =
      "authentication=5/minute,face_verification=100/minute,reports=10/minute,general=1000/hour";

  private static RunningGateway app;
  private static SSLContext trusting;
  private static HttpClient https;
  private static Path certificate;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("faceattend-tls");
    GatewayConfig.Tls tls = DevCertificate.generate(dir, List.of("localhost", "127.0.0.1"), 2);
    certificate = tls.certificate();
    assertThat(Files.readString(tls.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    app =
        new RunningGateway(
            Clock.systemUTC(),
            Map.of("FACEATTEND_RATE_LIMITS", SEED_LIMITS),
            GatewayConfig.from(
                Map.of(
                    "FACEATTEND_TLS_CERT", tls.certificate().toString(),
                    "FACEATTEND_TLS_KEY", tls.privateKey().toString())));
    app.createUser("alex", "alex-password", "employee");
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trusted.setCertificateEntry(
          "dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, trust.getTrustManagers(), null);
    https = HttpClient.newBuilder().sslContext(trusting).build();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static final String ALEX = "{\"username\":\"alex\",\"password\":\"alex-password\"}";

  private static HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.gateway.port() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One HTTP/1.1 request over TLS from a socket bound to {@code from}: the status and body. */
  private static String[] sendFrom(String from, String path, String body, String token)
      throws IOException {
    try (SSLSocket socket =
        (SSLSocket)
            trusting
                .getSocketFactory()
                .createSocket(
                    InetAddress.getByName("127.0.0.1"),
                    app.gateway.port(),
                    InetAddress.getByName(from),
                    0)) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
              + "Content-Length: "
              + bytes.length
              + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String status = response.substring(9, 12);
      return new String[] {status, response.substring(response.indexOf("\r\n\r\n") + 4)};
    }
  }

  private static JsonNode json(String body) throws IOException {
    return RunningGateway.JSON.readTree(body);
  }

  @Test
  void theSixthLoginWithinAMinuteFromOneAddressIsRefusedButNotTheOwnerElsewhere() throws Exception {
    String token = null;
    for (int i = 1; i <= 5; i++) {
      HttpResponse<String> login = send("POST", "/api/auth/login", ALEX, null);
      assertThat(login.statusCode()).as("login " + i + ": " + login.body()).isEqualTo(200);
      // HTTPS with HSTS
      assertThat(login.headers().firstValue("strict-transport-security"))
          .hasValue("max-age=31536000");
      token = json(login.body()).get("access_token").asText();
    }
    HttpResponse<String> sixth = send("POST", "/api/auth/login", ALEX, null);
    assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(429);
    assertThat(json(sixth.body()).get("error").get("code").asText()).isEqualTo("rate_limited");
    long retryAfter = Long.parseLong(sixth.headers().firstValue("retry-after").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);

    // the owner, from another address: signs in
    String[] elsewhere = sendFrom("127.0.0.2", "/api/auth/login", ALEX, null);
    assertThat(elsewhere[0]).as(elsewhere[1]).isEqualTo("200");
    assertThat(json(elsewhere[1]).get("access_token").asText()).isNotBlank();

    // registration is disabled by default
    String[] register =
        sendFrom(
            "127.0.0.2",
            "/api/auth/register",
            "{\"username\":\"newbie\",\"password\":\"newbie-password\",\"name\":\"N\","
                + "\"email\":\"n@example.com\"}",
            null);
    assertThat(register[0]).as(register[1]).isEqualTo("403");
    assertThat(json(register[1]).get("error").get("code").asText())
        .isEqualTo("registration_disabled");

    // other categories are counted apart: reports, 10 a minute per account, wherever from
    for (int i = 1; i <= 10; i++) {
      HttpResponse<String> report = send("GET", "/api/reports/summary", null, token);
      assertThat(report.statusCode()).as("report " + i + ": " + report.body()).isNotEqualTo(429);
    }
    assertThat(send("GET", "/api/reports/summary", null, token).statusCode()).isEqualTo(429);
    // the profile (general, 1000 an hour) still answers, over gRPC with TLS on the same port
    try (ClientFactory factory =
        ClientFactory.builder().tlsCustomizer(b -> b.trustManager(certificate.toFile())).build()) {
      var profile =
          GrpcClients.builder("https://127.0.0.1:" + app.gateway.port())
              .factory(factory)
              .addHeader("authorization", "Bearer " + token)
              .build(UserServiceGrpc.UserServiceBlockingStub.class)
              .getProfile(GetProfileRequest.getDefaultInstance());
      assertThat(profile.getUser().getUsername()).isEqualTo("alex");
    }
  }
}
