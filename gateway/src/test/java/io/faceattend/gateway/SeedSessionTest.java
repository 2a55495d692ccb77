package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.server.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions as seed 000 defines them, over REST: the seed's refresh answers only access_token, so
 * its client keeps its first refresh token. It must stay signed in for the refresh lifetime however
 * often it refreshes, while logout, password reset, deactivation and blocking still take effect at
 * once.
 */
class SeedSessionTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T06:00:00Z"));
  private static RunningGateway app;
  private static int users;

  @BeforeAll
  static void start() {
    app = new RunningGateway(CLOCK);
    app.createUser("boss", "boss-pass-123", "admin");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A signed-in seed client: the refresh token it got at login, the one it will always send. */
  private record SeedClient(long userId, String refreshToken) {}

  private static SeedClient signIn() {
    String username = "seed" + (++users);
    long id = app.createUser(username, "password-" + username, "employee");
    RunningGateway.Reply login =
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}",
            null);
    assertThat(login.status()).isEqualTo(200);
    return new SeedClient(id, login.json().get("refresh_token").asText());
  }

  /**
   * What the seed's app does when its access token expired: POST the first refresh token, read
   * access_token.
   */
  private static RunningGateway.Reply refresh(SeedClient client) {
    return app.postJson(
        "/api/auth/refresh", "{\"refresh_token\":\"" + client.refreshToken() + "\"}", null);
  }

  private static String accessToken(SeedClient client) {
    RunningGateway.Reply reply = refresh(client);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("access_token").asText();
  }

  private static void assertError(RunningGateway.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("error").get("code").asText()).isEqualTo(code);
  }

  @Test
  void aSeedClientStaysSignedInForThreeHoursOfRefreshesThenLogoutEndsIt() {
    SeedClient client = signIn();
    for (int minute = 0; minute <= 180; minute += 15) {
      String access = accessToken(client);
      assertThat(app.get("/api/attendance/status", access).status()).isEqualTo(200);
      // the 15-minute access token runs out; the app refreshes with the same first token
      CLOCK.advance(Duration.ofMinutes(15).plusSeconds(31));
      assertError(app.get("/api/attendance/status", access), 401, "token_expired");
    }
    String access = accessToken(client);
    assertThat(app.postJson("/api/auth/logout", "", access).status()).isEqualTo(200);
    assertError(app.get("/api/attendance/status", access), 401, "token_revoked");
    assertError(refresh(client), 401, "invalid_refresh_token");
  }

  @Test
  void passwordResetDeactivationAndBlockingTakeEffectAtOnce() {
    String admin = app.login("boss", "boss-pass-123");
    SeedClient reset = signIn();
    String resetAccess = accessToken(reset);
    assertThat(
            app.postJson(
                    "/api/admin/users/" + reset.userId() + "/reset-password",
                    "{\"new_password\":\"brand-new-pass\"}",
                    admin)
                .status())
        .isEqualTo(200);
    assertError(app.get("/api/attendance/status", resetAccess), 401, "token_revoked");
    assertError(refresh(reset), 401, "invalid_refresh_token");

    SeedClient gone = signIn();
    String goneAccess = accessToken(gone);
    assertThat(app.delete("/api/admin/users/" + gone.userId(), admin).status()).isEqualTo(200);
    assertError(app.get("/api/attendance/status", goneAccess), 401, "token_revoked");
    assertError(refresh(gone), 401, "invalid_refresh_token");

    SeedClient blocked = signIn();
    String blockedAccess = accessToken(blocked);
    assertThat(
            app.postJson(
                    "/api/admin/users/" + blocked.userId() + "/block",
                    "{\"reason\":\"test\"}",
                    admin)
                .status())
        .isEqualTo(200);
    // a blocked user still learns it is blocked (seed 000), but every attendance action is refused
    // at once
    assertThat(app.get("/api/attendance/status", blockedAccess).json().get("user_status").asText())
        .isEqualTo("blocked");
    assertError(app.get("/api/attendance/history", blockedAccess), 403, "account_blocked");
  }
}
