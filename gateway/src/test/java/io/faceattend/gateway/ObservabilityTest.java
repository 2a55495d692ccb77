package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.faceattend.gateway.observability.Logs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Operators see what happens: access lines with request ids (also in the MDC of the service's own
 * lines), security events, route-template metrics and face-stage histograms on the management port,
 * CORS for configured origins.
 */
class ObservabilityTest {

  private static final String ALLOWED_ORIGIN = "https://console.example.com";
  private static RunningGateway app;
  private static int managementPort;
  private static final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      managementPort = free.getLocalPort();
    }
    for (String name : List.of(Logs.ACCESS_LOGGER, Logs.SECURITY_LOGGER)) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(ch.qos.logback.classic.Level.INFO);
      logger.addAppender(lines);
    }
    lines.start();
    app =
        new RunningGateway(
            Clock.systemUTC(),
            new GatewayConfig(Optional.of(managementPort), List.of(ALLOWED_ORIGIN)));
    app.createUser("watched", "watched-pass", "employee");
  }

  @AfterAll
  static void stop() {
    app.close();
    for (String name : List.of(Logs.ACCESS_LOGGER, Logs.SECURITY_LOGGER)) {
      ((Logger) LoggerFactory.getLogger(name)).detachAppender(lines);
    }
  }

  @Test
  void aLoginAndARefusedCheckInLeaveAccessLinesWithRequestIdsAndMetrics() {
    RunningGateway.Reply wrong =
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"watched\",\"password\":\"not-the-password\"}",
            null);
    assertThat(wrong.status()).isEqualTo(401);
    String wrongId = wrong.raw().headers().firstValue("x-request-id").orElseThrow();

    String token = app.login("watched", "watched-pass");
    // a client's own sane id is kept; an insane one is replaced
    RunningGateway.Reply mine =
        app.send(
            HttpRequest.newBuilder(app.uri("/api/attendance/status"))
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "app-42.trace")
                .GET()
                .build());
    assertThat(mine.raw().headers().firstValue("x-request-id")).contains("app-42.trace");
    RunningGateway.Reply odd =
        app.send(
            HttpRequest.newBuilder(app.uri("/api/health"))
                .header("X-Request-Id", "no spaces {allowed}")
                .GET()
                .build());
    assertThat(odd.raw().headers().firstValue("x-request-id").orElseThrow())
        .matches("[0-9a-f]{16}");

    // an enrolment photo runs the face pipeline; the punch is then refused (the account awaits
    // approval)
    Multipart enrol =
        new Multipart()
            .file("image", "a.jpg", SharedFaces.read("people/angelina_jolie/1.jpg"))
            .field("device", "ios")
            .field("deviceId", "iphone-obs");
    app.postMultipart("/api/face/enroll", enrol, token, null);
    Multipart punch =
        new Multipart()
            .file("image", "s.jpg", SharedFaces.read("people/angelina_jolie/2.jpg"))
            .field("device", "ios")
            .field("deviceId", "iphone-obs")
            .field("latitude", "48.85")
            .field("longitude", "2.35");
    RunningGateway.Reply refused =
        app.postMultipart("/api/attendance/check-in", punch, token, null);
    assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
    String punchId = refused.raw().headers().firstValue("x-request-id").orElseThrow();

    // the access line is written once the response is complete, which the client may see first
    awaitLine(Logs.ACCESS_LOGGER, "request_id=" + punchId);
    List<String> access = messages(Logs.ACCESS_LOGGER);
    assertThat(access)
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*POST /api/auth/login 401 \\d+ ms request_id="
                            + wrongId
                            + " user_id=- client=127\\.0\\.0\\.1"));
    assertThat(access)
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        ".*POST /api/attendance/check-in "
                            + refused.status()
                            + " \\d+ ms request_id="
                            + punchId
                            + " user_id=\\d+ client=127\\.0\\.0\\.1"));

    // the security event, written on the service's executor thread, carries the request id in its
    // MDC
    ILoggingEvent failedLogin =
        events(Logs.SECURITY_LOGGER).stream()
            .filter(e -> e.getFormattedMessage().contains("event=login_failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failedLogin.getFormattedMessage())
        .contains("login=watched")
        .doesNotContain("not-the-password");
    assertThat(failedLogin.getMDCPropertyMap()).containsEntry("request_id", wrongId);

    // metrics and docs are on the management port only
    // (the public port's console catch-all answers its page there, not the metrics)
    assertThat(app.get("/metrics", null).body())
        .doesNotContain("faceattend_http")
        .doesNotContain("jvm_memory");
    String metrics = scrape(URI.create("http://127.0.0.1:" + managementPort + "/metrics"));
    assertThat(metrics)
        .contains("route=\"/api/attendance/check-in\"")
        .contains("faceattend_face_stage_duration_seconds_bucket{stage=\"detect\"")
        .contains("faceattend_face_stage_duration_seconds_bucket{stage=\"embed\"")
        .contains("faceattend_refusals_total{code=\"invalid_credentials\"")
        .contains("faceattend_face_in_flight")
        .contains("faceattend_face_cpu_duration_seconds_count")
        .contains("hikaricp_connections_active")
        .contains("jvm_memory_used_bytes")
        .doesNotContain("Lambda");
  }

  @Test
  void corsPreflightsPassForTheConfiguredOriginOnly() {
    RunningGateway.Reply allowed = preflight(ALLOWED_ORIGIN, "/api/auth/login");
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.raw().headers().firstValue("access-control-allow-origin"))
        .contains(ALLOWED_ORIGIN);
    assertThat(allowed.raw().headers().firstValue("access-control-allow-headers").orElse(""))
        .containsIgnoringCase("authorization");

    RunningGateway.Reply grpcWeb = preflight(ALLOWED_ORIGIN, "/faceattend.v1.AuthService/Login");
    assertThat(grpcWeb.raw().headers().firstValue("access-control-allow-origin"))
        .contains(ALLOWED_ORIGIN);

    RunningGateway.Reply other = preflight("https://evil.example.net", "/api/auth/login");
    // no Access-Control-Allow-Origin: the browser refuses the cross-origin call (Fetch spec, CORS
    // check)
    assertThat(other.raw().headers().firstValue("access-control-allow-origin")).isEmpty();
    assertThat(other.raw().headers().firstValue("access-control-allow-methods")).isEmpty();
  }

  private static RunningGateway.Reply preflight(String origin, String path) {
    return app.send(
        HttpRequest.newBuilder(app.uri(path))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /**
   * As Prometheus scrapes: plain HTTP/1.1 (the JDK client's h2c upgrade is beside the point here).
   */
  private static String scrape(URI uri) {
    try {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .build()
          .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitLine(String logger, String part) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (messages(logger).stream().noneMatch(line -> line.contains(part))
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static List<ILoggingEvent> events(String logger) {
    synchronized (lines) {
      return lines.list.stream().filter(e -> e.getLoggerName().equals(logger)).toList();
    }
  }

  private static List<String> messages(String logger) {
    return events(logger).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
