package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceattend.server.events.EventTypes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A server killed with SIGKILL between a check-in and its webhook delivery: the event is in the
 * outbox of the committed punch, so the next server on the same data delivers it. The killed server
 * is a real separate JVM ({@code faceattend serve}); its orphaned PostgreSQL is cleaned up by the
 * next start.
 */
class KilledServerDeliversTest {

  private static final String SECRET = "whsec-kill-test-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static Map<String, String> environment(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("FACEATTEND_DATA_DIR", dataDir.toString());
    env.put("FACEATTEND_JWT_SECRET", "kill-test-jwt-secret-0123456789abcdef");
    env.put("FACEATTEND_TEMPLATE_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("FACEATTEND_REQUIRE_SITE", "false");
    env.put("FACEATTEND_TIME_ZONE", "UTC");
    env.put("FACEATTEND_EVENTS_POLL_INTERVAL", "PT0.1S");
    env.put("FACEATTEND_WEBHOOK_TIMEOUT", "PT2S");
    // a delivery claimed by the killed node is taken over once its lease runs out
    env.put("FACEATTEND_WEBHOOK_LEASE", "PT3S");
    env.put("FACEATTEND_WEBHOOK_RETRY_BASE", "PT0.2S");
    env.put("FACEATTEND_WEBHOOK_RETRY_MAX", "PT0.5S");
    return env;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code faceattend serve} in a JVM of its own, on this test's class path. */
  private static Process serve(Path dataDir, int port, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.faceattend.gateway.cli.FaceAttendCli",
                "serve",
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment(dataDir));
    return builder.start();
  }

  private static int status(URI uri) {
    try {
      return HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCheckInCommittedBeforeAKillIsDeliveredAfterRestart() throws Exception {
    Path dataDir = RunningGateway.newDataDirectory();
    WebhookReceiver receiver = new WebhookReceiver();
    receiver.stop(); // down until the killed server is gone
    long employeeId;
    long webhookId;

    // set up in process: an admin, a webhook, an enrolled and approved employee
    try (RunningGateway setup =
        new RunningGateway(Clock.systemUTC(), dataDir, environment(dataDir))) {
      setup.createUser("root", "root-pass-123", "admin");
      employeeId = setup.createUser("worker", "worker-pass-123", "employee");
      String admin = setup.login("root", "root-pass-123");
      String employee = setup.login("worker", "worker-pass-123");
      RunningGateway.Reply hook =
          setup.postJson(
              "/api/admin/webhooks",
              "{\"url\":\""
                  + receiver.url()
                  + "\",\"secret\":\""
                  + SECRET
                  + "\",\"events\":[\"attendance.check_in\"]}",
              admin);
      assertThat(hook.status()).as(hook.body()).isEqualTo(200);
      webhookId = hook.json().get("webhook").get("id").asLong();
      RunningGateway.Reply enrolled =
          setup.postMultipart(
              "/api/face/enroll",
              new Multipart()
                  .file("image", "a.jpg", SharedFaces.read("people/angelina_jolie/1.jpg"))
                  .file("image", "b.jpg", SharedFaces.read("people/angelina_jolie/5.jpg"))
                  .field("device", "ios")
                  .field("deviceId", "iphone-15-xyz"),
              employee,
              null);
      assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
      assertThat(
              setup.postJson("/api/admin/users/" + employeeId + "/approve", "{}", admin).status())
          .isEqualTo(200);
    }

    // the real server, in its own JVM: the check-in commits, its delivery fails (receiver down)
    int port = freePort();
    Path log = Files.createTempFile("faceattend-killed-server", ".log");
    Process server = serve(dataDir, port, log);
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      await("the server to start", () -> status(base.resolve("/api/health")) == 200);
      HttpClient http = HttpClient.newHttpClient();
      String token =
          RunningGateway.JSON
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                              .header("Content-Type", "application/json")
                              .POST(
                                  HttpRequest.BodyPublishers.ofString(
                                      "{\"username\":\"worker\",\"password\":\"worker-pass-123\"}"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .get("access_token")
              .asText();
      Multipart punch =
          new Multipart()
              .file("image", "selfie.jpg", SharedFaces.read("people/angelina_jolie/2.jpg"))
              .field("device", "android")
              .field("deviceId", "pixel-8-abc")
              .field("latitude", "24.8610")
              .field("longitude", "67.0013");
      HttpResponse<String> checkIn =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/attendance/check-in"))
                  .header("Content-Type", punch.contentType())
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(punch.bytes()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(200);
      // give the doomed node time to claim the delivery and fail at it (the receiver is down)
      Thread.sleep(1_000);
    } finally {
      server.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(server.exitValue()).isEqualTo(137);
    assertThat(receiver.received()).isEmpty();

    // the receiver comes back; a new server on the same data delivers the acknowledged check-in
    receiver.start();
    try (RunningGateway restarted =
        new RunningGateway(Clock.systemUTC(), dataDir, environment(dataDir))) {
      await("the check-in webhook after the restart", () -> !receiver.received().isEmpty());
      List<WebhookReceiver.Received> received = receiver.received();
      assertThat(received).hasSize(1);
      JsonNode body = RunningGateway.JSON.readTree(received.get(0).body());
      assertThat(body.get("event").asText()).isEqualTo(EventTypes.CHECK_IN);
      assertThat(body.get("data").get("user_id").asLong()).isEqualTo(employeeId);
      // the delivery log keeps the killed node's failed attempts and the final success
      String admin = restarted.login("root", "root-pass-123");
      await(
          "the delivery marked delivered",
          () ->
              restarted
                  .get("/api/admin/webhooks/" + webhookId + "/deliveries", admin)
                  .json()
                  .get("deliveries")
                  .get(0)
                  .get("status")
                  .asText()
                  .equals("delivered"));
      JsonNode attempts =
          restarted
              .get("/api/admin/webhooks/" + webhookId + "/deliveries", admin)
              .json()
              .get("deliveries")
              .get(0)
              .get("attempt_log");
      assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
      assertThat(attempts.get(0).get("succeeded").asBoolean()).isFalse();
      assertThat(attempts.get(attempts.size() - 1).get("succeeded").asBoolean()).isTrue();
    } finally {
      receiver.close();
    }
  }
}
