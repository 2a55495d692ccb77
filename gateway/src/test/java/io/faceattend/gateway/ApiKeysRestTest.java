package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Machine credentials over REST: created by an admin, shown once, sent as X-Api-Key, scoped,
 * revoked at once.
 */
class ApiKeysRestTest {

  private static RunningGateway app;
  private static String admin;

  @BeforeAll
  static void start() {
    app = RunningGateway.shared();
    app.createUser("keys-boss", "boss-pass-123", "admin");
    app.createUser("keys-worker", "worker-pass-1", "employee");
    admin = app.login("keys-boss", "boss-pass-123");
  }

  private static RunningGateway.Reply withKey(String path, String apiKey) {
    return app.send(
        HttpRequest.newBuilder(app.uri(path)).header("X-Api-Key", apiKey).GET().build());
  }

  private static final String SUMMARY =
      "/api/reports/summary?period=daily&from=2026-01-01&to=2026-01-07";

  @Test
  void aReportsKeyReadsReportsUntilRevoked() {
    RunningGateway.Reply created =
        app.postJson(
            "/api/admin/api-keys",
            "{\"name\":\"Payroll export\",\"scopes\":[\"reports_read\"]}",
            admin);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String key = created.json().get("api_key").asText();
    long id = created.json().get("key").get("id").asLong();
    assertThat(key).startsWith("fa_").startsWith(created.json().get("key").get("prefix").asText());
    assertThat(created.json().get("key").get("scopes").get(0).asText()).isEqualTo("reports_read");

    RunningGateway.Reply summary = withKey(SUMMARY, key);
    assertThat(summary.status()).as(summary.body()).isEqualTo(200);
    // the key reads reports, nothing else
    RunningGateway.Reply status = withKey("/api/attendance/status", key);
    assertThat(status.status()).isEqualTo(403);
    assertThat(status.json().get("error").get("code").asText()).isEqualTo("forbidden");
    assertThat(withKey("/api/admin/api-keys", key).status()).isEqualTo(403);

    RunningGateway.Reply listed = app.get("/api/admin/api-keys", admin);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(key).contains("Payroll export");
    assertThat(app.get("/api/admin/api-keys", app.login("keys-worker", "worker-pass-1")).status())
        .isEqualTo(403);

    assertThat(app.postJson("/api/admin/api-keys/" + id + "/revoke", "{}", admin).status())
        .isEqualTo(200);
    RunningGateway.Reply afterRevoke = withKey(SUMMARY, key);
    assertThat(afterRevoke.status()).isEqualTo(401);
    assertThat(afterRevoke.json().get("error").get("code").asText()).isEqualTo("invalid_api_key");
  }

  @Test
  void aKeyWithoutTheScopeOrAnUnknownKeyIsRefused() {
    RunningGateway.Reply created =
        app.postJson(
            "/api/admin/api-keys", "{\"name\":\"Gate camera\",\"scopes\":[\"camera\"]}", admin);
    String camera = created.json().get("api_key").asText();
    assertThat(withKey(SUMMARY, camera).status()).isEqualTo(403);
    assertThat(withKey(SUMMARY, "fa_unknown").json().get("error").get("code").asText())
        .isEqualTo("invalid_api_key");
    RunningGateway.Reply badScope =
        app.postJson("/api/admin/api-keys", "{\"name\":\"x\",\"scopes\":[\"superuser\"]}", admin);
    assertThat(badScope.status()).isEqualTo(400);
    RunningGateway.Reply noSite =
        app.postJson(
            "/api/admin/api-keys",
            "{\"name\":\"x\",\"scopes\":[\"kiosk\"],\"site_id\":999}",
            admin);
    assertThat(noSite.status()).isEqualTo(404);
  }
}
