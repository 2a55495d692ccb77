package io.faceattend.server.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FCM HTTP v1 sender against a local fake of Google's endpoints (FCM cannot be reached from
 * here): the OAuth token exchange with a JWT signed by the service account key, then messages:send
 * with that token.
 */
class FcmPushSenderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer fake;
  private KeyPair keys;
  private Path credentials;
  private final List<String> assertions = new CopyOnWriteArrayList<>();
  private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext(
        "/token",
        exchange -> {
          String form =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          for (String pair : form.split("&")) {
            if (pair.startsWith("assertion=")) {
              assertions.add(
                  URLDecoder.decode(pair.substring("assertion=".length()), StandardCharsets.UTF_8));
            }
          }
          byte[] answer =
              "{\"access_token\":\"ya29.fake-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    fake.createContext(
        "/v1/projects/demo-project/messages:send",
        exchange -> {
          JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
          messages.add(message);
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          boolean unknown = message.path("message").path("token").asText().equals("stale-token");
          byte[] answer =
              (unknown
                      ? "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"errorCode\":\"UNREGISTERED\"}]}}"
                      : "{\"name\":\"projects/demo-project/messages/1\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(unknown ? 404 : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    fake.start();
    String base = "http://127.0.0.1:" + fake.getAddress().getPort();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    credentials = Files.createTempFile("fcm-service-account", ".json");
    Files.writeString(
        credentials,
        JSON.writeValueAsString(
            Map.of(
                "type",
                "service_account",
                "project_id",
                "demo-project",
                "client_email",
                "push@demo-project.iam.gserviceaccount.com",
                "private_key",
                pem,
                "token_uri",
                base + "/token")));
  }

  @AfterEach
  void stop() throws Exception {
    fake.stop(0);
    Files.deleteIfExists(credentials);
  }

  private FcmPushSender sender() {
    return new FcmPushSender(
        credentials,
        "http://127.0.0.1:" + fake.getAddress().getPort(),
        Duration.ofSeconds(5),
        Clock.systemUTC());
  }

  @Test
  void sendsWithATokenFromASignedServiceAccountJwtAndReusesIt() throws Exception {
    FcmPushSender sender = sender();
    sender.send(
        "device-token-1",
        "Your face enrolment was approved",
        "You can now check in.",
        Map.of("event", "enrollment.approved"));
    sender.send("device-token-2", "Missed check-in", "Not checked in by 09:05.", Map.of());

    assertThat(assertions).hasSize(1);
    SignedJWT jwt = SignedJWT.parse(assertions.get(0));
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getIssuer())
        .isEqualTo("push@demo-project.iam.gserviceaccount.com");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("scope"))
        .isEqualTo("https://www.googleapis.com/auth/firebase.messaging");

    assertThat(authorizations).containsOnly("Bearer ya29.fake-token");
    JsonNode first = messages.get(0).get("message");
    assertThat(first.get("token").asText()).isEqualTo("device-token-1");
    assertThat(first.get("notification").get("title").asText())
        .isEqualTo("Your face enrolment was approved");
    assertThat(first.get("data").get("event").asText()).isEqualTo("enrollment.approved");
    assertThat(messages.get(1).get("message").get("token").asText()).isEqualTo("device-token-2");
  }

  @Test
  void anUnregisteredTokenIsReportedAsInvalid() {
    assertThatThrownBy(() -> sender().send("stale-token", "t", "b", Map.of()))
        .isInstanceOf(PushSender.InvalidTokenException.class);
  }
}
