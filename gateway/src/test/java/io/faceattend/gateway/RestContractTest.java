package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.UserStatus;
import io.faceattend.server.MutableClock;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST routes of seed 000 over real HTTP, a real PostgreSQL and the real services: keys, types
 * and values to the letter, and the error body for every kind of bad input.
 */
class RestContractTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.now());
  private static final AtomicInteger USERS = new AtomicInteger();
  private static RunningGateway app;

  @BeforeAll
  static void start() {
    app = new RunningGateway(CLOCK);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A fresh employee (tests share the database), logged in. */
  private static Session newEmployee() {
    String username = "employee" + USERS.incrementAndGet();
    long id = app.createUser(username, "password-" + username, "employee");
    RunningGateway.Reply login =
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}",
            null);
    assertThat(login.status()).isEqualTo(200);
    return new Session(
        id,
        username,
        login.json().get("access_token").asText(),
        login.json().get("refresh_token").asText());
  }

  private record Session(long id, String username, String accessToken, String refreshToken) {}

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void loginAnswersExactlyTheSeedKeys() {
    app.createUser("seedlogin", "password-seed", "employee");
    RunningGateway.Reply reply =
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"seedlogin\",\"password\":\"password-seed\",\"latitude\":1.2323,\"longitude\":1.3434}",
            null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode json = reply.json();
    assertThat(keys(json))
        .containsExactly("success", "access_token", "refresh_token", "is_first_login", "user");
    assertThat(json.get("success").asBoolean()).isTrue();
    assertThat(json.get("is_first_login").isBoolean()).isTrue();
    assertThat(json.get("is_first_login").asBoolean()).isTrue();
    JsonNode user = json.get("user");
    assertThat(keys(user)).containsExactly("id", "name", "username", "email");
    assertThat(user.get("id").isIntegralNumber()).as("id is a JSON number, not a string").isTrue();
    assertThat(user.get("username").asText()).isEqualTo("seedlogin");
    assertThat(user.get("email").asText()).isEqualTo("seedlogin@company.com");
    assertThat(json.get("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
  }

  @Test
  void statusBeforeEnrolmentIsFirstLoginNotCheckedInWithExplicitNulls() {
    Session session = newEmployee();
    RunningGateway.Reply reply = app.get("/api/attendance/status", session.accessToken());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(keys(reply.json()))
        .containsExactly(
            "success",
            "user_status",
            "attendance_status",
            "date",
            "check_in_time",
            "check_out_time",
            "reason");
    assertThat(reply.json().get("user_status").asText()).isEqualTo("first_login");
    assertThat(reply.json().get("attendance_status").asText()).isEqualTo("not_checked_in");
    assertThat(reply.json().get("date").asText())
        .isEqualTo(LocalDate.ofInstant(CLOCK.instant(), ZoneId.systemDefault()).toString());
    assertThat(reply.body())
        .contains("\"check_in_time\":null")
        .contains("\"check_out_time\":null")
        .contains("\"reason\":null");
  }

  @Test
  void repeatedWrongPasswordsGet429WithRetryAfter() {
    Session session = newEmployee();
    String wrong = "{\"username\":\"" + session.username() + "\",\"password\":\"not-it\"}";
    for (int i = 0; i < 10; i++) {
      assertError(app.postJson("/api/auth/login", wrong, null), 401, "invalid_credentials");
    }
    RunningGateway.Reply locked = app.postJson("/api/auth/login", wrong, null);
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().get("error").get("code").asText()).isEqualTo("too_many_attempts");
    assertThat(locked.json().get("retry_after_seconds").asText())
        .isEqualTo(locked.raw().headers().firstValue("retry-after").orElseThrow());
    long retryAfter =
        Long.parseLong(locked.raw().headers().firstValue("retry-after").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 15 * 60L);
  }

  @Test
  void profileIsTheSeedShape() {
    Session session = newEmployee();
    RunningGateway.Reply reply = app.get("/api/user/profile", session.accessToken());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(keys(reply.json())).containsExactly("success", "user");
    assertThat(reply.json().get("user").get("id").asLong()).isEqualTo(session.id());
    assertThat(reply.json().get("user").get("username").asText()).isEqualTo(session.username());
  }

  @Test
  void aRotatingRefreshReplayedAfterTheGraceKillsTheSession() {
    Session session = newEmployee();
    RunningGateway.Reply refreshed =
        app.postJson(
            "/api/auth/refresh",
            "{\"refresh_token\":\"" + session.refreshToken() + "\",\"rotate\":true}",
            null);
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().get("success").asBoolean()).isTrue();
    String newAccess = refreshed.json().get("access_token").asText();
    assertThat(newAccess).isNotBlank().isNotEqualTo(session.accessToken());
    assertThat(app.get("/api/attendance/status", newAccess).status()).isEqualTo(200);

    assertThat(refreshed.json().get("refresh_token").asText()).isNotEqualTo(session.refreshToken());
    CLOCK.advance(Duration.ofSeconds(31)); // past the rotation grace
    RunningGateway.Reply replay =
        app.postJson(
            "/api/auth/refresh", "{\"refresh_token\":\"" + session.refreshToken() + "\"}", null);
    assertError(replay, 401, "refresh_token_reused");
    assertError(app.get("/api/attendance/status", newAccess), 401, "token_revoked");
    assertError(
        app.postJson(
            "/api/auth/refresh",
            "{\"refresh_token\":\"" + refreshed.json().get("refresh_token").asText() + "\"}",
            null),
        401,
        "invalid_refresh_token");
  }

  @Test
  void logoutEndsTheSession() {
    Session session = newEmployee();
    RunningGateway.Reply reply = app.postJson("/api/auth/logout", "", session.accessToken());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .isEqualTo("{\"success\":true,\"message\":\"Logged out successfully\"}");
    assertError(app.get("/api/attendance/status", session.accessToken()), 401, "token_revoked");
    assertError(
        app.postJson(
            "/api/auth/refresh", "{\"refresh_token\":\"" + session.refreshToken() + "\"}", null),
        401,
        "invalid_refresh_token");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSame401() {
    Session session = newEmployee();
    RunningGateway.Reply wrong =
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"" + session.username() + "\",\"password\":\"not-it\"}",
            null);
    RunningGateway.Reply unknown =
        app.postJson("/api/auth/login", "{\"username\":\"ghost\",\"password\":\"not-it\"}", null);
    assertError(wrong, 401, "invalid_credentials");
    assertThat(unknown.body()).isEqualTo(wrong.body());
  }

  @Test
  void malformedJsonMissingFieldsAndWrongTypesAre400() {
    assertError(app.postJson("/api/auth/login", "{\"username\":", null), 400, "malformed_json");
    assertError(app.postJson("/api/auth/login", "[1,2]", null), 400, "malformed_json");
    assertError(
        app.postJson("/api/auth/login", "{\"password\":\"x\"}", null), 400, "missing_field");
    assertError(
        app.postJson("/api/auth/login", "{\"username\":\"u\"}", null), 400, "missing_field");
    assertError(
        app.postJson("/api/auth/login", "{\"username\":5,\"password\":\"x\"}", null),
        400,
        "invalid_argument");
    assertError(
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"u\",\"password\":\"x\",\"latitude\":\"north\",\"longitude\":1}",
            null),
        400,
        "invalid_argument");
    assertError(
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"u\",\"password\":\"x\",\"latitude\":91,\"longitude\":1}",
            null),
        400,
        "invalid_location");
    assertError(app.postJson("/api/auth/refresh", "{}", null), 400, "missing_field");
  }

  @Test
  void tokenProblemsAre401WithTheirCodes() {
    Session session = newEmployee();
    assertError(app.get("/api/attendance/status", null), 401, "missing_token");
    String[] parts = session.accessToken().split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + "AAAA" + parts[2].substring(4);
    assertError(app.get("/api/attendance/status", forged), 401, "invalid_token");
    assertError(app.get("/api/attendance/status", "garbage"), 401, "invalid_token");
  }

  @Test
  void expiredAccessTokenIs401TokenExpired() {
    Session session = newEmployee();
    CLOCK.advance(Duration.ofMinutes(16));
    assertError(app.get("/api/attendance/status", session.accessToken()), 401, "token_expired");
    // the refresh token still works and gives a fresh access token
    RunningGateway.Reply refreshed =
        app.postJson(
            "/api/auth/refresh", "{\"refresh_token\":\"" + session.refreshToken() + "\"}", null);
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(
            app.get("/api/attendance/status", refreshed.json().get("access_token").asText())
                .status())
        .isEqualTo(200);
  }

  @Test
  void deletedUsersTokenStopsWorking() {
    Session session = newEmployee();
    app.platform
        .database()
        .dsl()
        .execute("update users set deactivated_at = now() where id = ?", session.id());
    assertError(app.get("/api/attendance/status", session.accessToken()), 401, "token_revoked");
    assertError(
        app.postJson(
            "/api/auth/login",
            "{\"username\":\""
                + session.username()
                + "\",\"password\":\"password-"
                + session.username()
                + "\"}",
            null),
        401,
        "invalid_credentials");
  }

  @Test
  void blockedUserSeesBlockedAndIsRefusedEverythingElse() {
    Session session = newEmployee();
    app.platform
        .database()
        .dsl()
        .execute("update users set status = 'blocked' where id = ?", session.id());
    RunningGateway.Reply status = app.get("/api/attendance/status", session.accessToken());
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().get("user_status").asText()).isEqualTo("blocked");
    assertThat(status.json().get("attendance_status").asText()).isEqualTo("not_allowed");
    assertError(app.get("/api/attendance/history", session.accessToken()), 403, "account_blocked");
  }

  @Test
  void unknownRoutesAndUnsupportedBodiesGetJsonErrors() {
    assertError(app.get("/api/nothing-here", null), 404, "not_found");
    RunningGateway.Reply xml =
        app.send(
            HttpRequest.newBuilder(app.uri("/api/auth/login"))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<login/>"))
                .build());
    assertError(xml, 415, "unsupported_media_type");
    String huge = "{\"username\":\"" + "x".repeat(100_000) + "\",\"password\":\"p\"}";
    assertError(app.postJson("/api/auth/login", huge, null), 413, "payload_too_large");
  }

  @Test
  void historyOfANewUserIsEmpty() {
    Session session = newEmployee();
    RunningGateway.Reply reply = app.get("/api/attendance/history", session.accessToken());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .isEqualTo("{\"success\":true,\"page\":1,\"limit\":20,\"total\":0,\"records\":[]}");
  }

  @Test
  void healthMetricsAndDocsAreServed() {
    RunningGateway.Reply health = app.get("/api/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("success").asBoolean()).isTrue();
    assertThat(health.json().get("database").asText()).isEqualTo("up");
    RunningGateway.Reply metrics = app.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("faceattend_http_requests_total");
    assertThat(app.get("/docs/", null).status()).isEqualTo(200);
  }

  @Test
  void grpcWebClientsReachTheSameServices() {
    Session session = newEmployee();
    for (var format :
        List.of(GrpcSerializationFormats.PROTO_WEB, GrpcSerializationFormats.PROTO_WEB_TEXT)) {
      var auth =
          GrpcClients.builder(app.uri("/").toString())
              .serializationFormat(format)
              .build(AuthServiceGrpc.AuthServiceBlockingStub.class);
      var login =
          auth.login(
              LoginRequest.newBuilder()
                  .setUsername(session.username())
                  .setPassword("password-" + session.username())
                  .build());
      assertThat(login.getUser().getId()).isEqualTo(session.id());
      var status =
          GrpcClients.builder(app.uri("/").toString())
              .serializationFormat(format)
              .addHeader("authorization", "Bearer " + login.getAccessToken())
              .build(AttendanceServiceGrpc.AttendanceServiceBlockingStub.class)
              .getStatus(GetStatusRequest.getDefaultInstance());
      assertThat(status.getUserStatus()).isEqualTo(UserStatus.USER_STATUS_FIRST_LOGIN);
    }
  }

  private static void assertError(RunningGateway.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(keys(reply.json())).containsExactly("success", "error");
    assertThat(reply.json().get("success").asBoolean()).isFalse();
    assertThat(keys(reply.json().get("error"))).containsExactly("code", "message");
    assertThat(reply.json().get("error").get("code").asText()).isEqualTo(code);
    assertThat(reply.json().get("error").get("message").asText())
        .isNotBlank()
        .doesNotContain("Exception");
  }
}
