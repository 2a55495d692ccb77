package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.AUTH_SESSIONS;
import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.db.jooq.Tables.USER_CONSENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17's acceptance, over REST with real photos, the real face engine and a real PostgreSQL:
 * with registration open a person registers, signs in in first_login, enrols (consent recorded), is
 * approved and punches; their export holds their data; after erasure they cannot sign in, are found
 * neither by name nor by face, and their templates are gone from the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountsPrivacyTest {

  private static RunningGateway app;
  private static DSLContext db;
  private static String admin;
  private static long personId;
  private static String person;

  @BeforeAll
  static void start() {
    app =
        new RunningGateway(
            Clock.systemUTC(),
            RunningGateway.newDataDirectory(),
            Map.of("FACEATTEND_REGISTRATION", "open", "FACEATTEND_CONSENT_VERSION", "2026-03"));
    db = app.platform.database().dsl();
    app.createUser("dpo", "dpo-password", "admin");
    admin = app.login("dpo", "dpo-password");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void assertError(RunningGateway.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("success").asBoolean()).isFalse();
    assertThat(reply.json().get("error").get("code").asText()).isEqualTo(code);
  }

  @Test
  @Order(1)
  void aPersonRegistersAndSignsInInFirstLogin() {
    RunningGateway.Reply registered =
        app.postJson(
            "/api/auth/register",
            "{\"username\":\"katy\",\"password\":\"katy-password\",\"name\":\"Katy Perry\","
                + "\"email\":\"katy@example.com\",\"employee_id\":\"E-17\"}",
            null);
    assertThat(registered.status()).as(registered.body()).isEqualTo(200);
    assertThat(registered.json().get("user_status").asText()).isEqualTo("first_login");
    assertThat(registered.json().get("email_verification_sent").asBoolean()).isFalse();
    personId = registered.json().get("user").get("id").asLong();
    assertThat(db.fetchOne(USERS, USERS.ID.eq(personId)).getRole()).isEqualTo("employee");

    RunningGateway.Reply login =
        app.postJson(
            "/api/auth/login", "{\"username\":\"katy\",\"password\":\"katy-password\"}", null);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(login.json().get("is_first_login").asBoolean()).isTrue();
    person = login.json().get("access_token").asText();
    assertThat(app.get("/api/attendance/status", person).json().get("user_status").asText())
        .isEqualTo("first_login");

    RunningGateway.Reply verified = app.get("/api/auth/verify-token", person);
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.json().get("valid").asBoolean()).isTrue();
    assertThat(verified.json().get("user").get("id").asLong()).isEqualTo(personId);
    assertThat(verified.json().get("role").asText()).isEqualTo("employee");
    assertThat(verified.json().get("expires_at").asText()).isNotBlank();
    assertError(app.get("/api/auth/verify-token", "not.a.token"), 401, "invalid_token");

    // the same username or e-mail again: refused, nothing created
    long users = db.fetchCount(USERS);
    assertError(
        app.postJson(
            "/api/auth/register",
            "{\"username\":\"KATY\",\"password\":\"other-password\",\"name\":\"K\","
                + "\"email\":\"other@example.com\"}",
            null),
        409,
        "username_taken");
    assertError(
        app.postJson(
            "/api/auth/register",
            "{\"username\":\"k2\",\"password\":\"short\",\"name\":\"K\",\"email\":\"k2@example.com\"}",
            null),
        400,
        "invalid_argument");
    assertThat(db.fetchCount(USERS)).isEqualTo(users);
  }

  @Test
  @Order(2)
  void enrolmentRecordsConsentAndThePersonPunches() {
    Multipart form =
        new Multipart()
            .file("image", "a.jpg", SharedFaces.read("people/katy_perry/1.jpg"))
            .file("image", "b.jpg", SharedFaces.read("people/katy_perry/2.jpg"))
            .field("device", "android")
            .field("deviceId", "katy-phone");
    RunningGateway.Reply enrolled = app.postMultipart("/api/face/enroll", form, person, null);
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
    var consent = db.fetchOne(USER_CONSENTS, USER_CONSENTS.USER_ID.eq(personId));
    assertThat(consent.getTextVersion()).isEqualTo("2026-03");
    assertThat(consent.getKind()).isEqualTo("biometric_enrolment");
    assertThat(consent.getAcceptedAt()).isNotNull();

    assertThat(app.postJson("/api/admin/users/" + personId + "/approve", "{}", admin).status())
        .isEqualTo(200);
    RunningGateway.Reply site =
        app.postJson(
            "/api/admin/sites",
            "{\"name\":\"HQ\",\"time_zone\":\"UTC\",\"center\":{\"latitude\":40.0,\"longitude\":-3.0},"
                + "\"radius_m\":200}",
            admin);
    long siteId = site.json().get("site").get("id").asLong();
    app.postJson(
        "/api/admin/sites/" + siteId + "/members", "{\"user_ids\":[" + personId + "]}", admin);
    RunningGateway.Reply punched =
        app.postMultipart(
            "/api/attendance/check-in",
            new Multipart()
                .file("image", "s.jpg", SharedFaces.read("people/katy_perry/3.jpg"))
                .field("device", "android")
                .field("deviceId", "katy-phone")
                .field("latitude", "40.0001")
                .field("longitude", "-3.0001"),
            person,
            null);
    assertThat(punched.status()).as(punched.body()).isEqualTo(200);
    // the face is known to identification before the erasure
    assertThat(identify("people/katy_perry/4.jpg").get("recognized").asBoolean()).isTrue();
  }

  @Test
  @Order(3)
  void theExportHoldsTheirDataForThemAndForAnAdmin() throws IOException {
    Map<String, String> own = unzip(download("/api/user/export", person));
    Map<String, String> byAdmin =
        unzip(download("/api/admin/users/" + personId + "/export", admin));
    assertThat(own.keySet()).isEqualTo(byAdmin.keySet());
    assertThat(own)
        .containsKeys(
            "README.txt",
            "profile.json",
            "punches.json",
            "attempts.json",
            "absences.json",
            "corrections.json",
            "payroll.json",
            "audit.json",
            "consents.json");
    JsonNode profile = RunningGateway.JSON.readTree(own.get("profile.json"));
    assertThat(profile.get(0).path("name").asText())
        .as(own.get("profile.json"))
        .isEqualTo("Katy Perry");
    assertThat(profile.get(0).has("password_hash")).isFalse();
    JsonNode punches = RunningGateway.JSON.readTree(own.get("punches.json"));
    assertThat(punches).hasSize(1);
    assertThat(punches.get(0).get("kind").asText()).isEqualTo("check_in");
    assertThat(
            RunningGateway.JSON
                .readTree(own.get("consents.json"))
                .get(0)
                .get("text_version")
                .asText())
        .isEqualTo("2026-03");
    assertThat(own.get("audit.json")).contains("enrollment.submit").contains("user.register");
    assertThat(own.get("face_templates.json")).doesNotContain("ciphertext");
    // somebody else's export is an admin's business only
    RunningGateway.Reply refused = app.get("/api/admin/users/" + personId + "/export", person);
    assertError(refused, 403, "forbidden");
    assertError(app.get("/api/admin/users/99999/export", admin), 404, "not_found");
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("user.export"))).isEqualTo(1);
  }

  @Test
  @Order(4)
  void afterErasureTheyCannotSignInAndAreFoundNeitherByNameNorByFace() {
    assertError(
        app.postJson("/api/admin/users/" + personId + "/erase", "{}", admin), 400, "missing_field");
    assertThat(db.fetchCount(FACE_TEMPLATES, FACE_TEMPLATES.USER_ID.eq(personId))).isEqualTo(2);

    RunningGateway.Reply erased =
        app.postJson(
            "/api/admin/users/" + personId + "/erase", "{\"reason\":\"GDPR request 17\"}", admin);
    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    assertThat(erased.json().get("pseudonym").asText()).isEqualTo("erased-" + personId);

    // templates, photos and sessions gone from the database
    assertThat(db.fetchCount(FACE_TEMPLATES, FACE_TEMPLATES.USER_ID.eq(personId))).isZero();
    assertThat(db.fetchCount(ENROLLMENTS, ENROLLMENTS.USER_ID.eq(personId))).isZero();
    assertThat(db.fetchCount(AUTH_SESSIONS, AUTH_SESSIONS.USER_ID.eq(personId))).isZero();
    var row = db.fetchOne(USERS, USERS.ID.eq(personId));
    assertThat(row.getName()).doesNotContain("Katy");
    assertThat(row.getEmail()).doesNotContain("katy");
    assertThat(row.getEmployeeId()).isNull();
    assertThat(row.getErasedAt()).isNotNull();
    // the attendance stays, under the pseudonym
    assertThat(
            db.fetchCount(
                io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES,
                io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES.USER_ID.eq(personId)))
        .isEqualTo(1);

    // the session ended, and the password no longer opens one
    assertError(app.get("/api/attendance/status", person), 401, "token_revoked");
    assertError(
        app.postJson(
            "/api/auth/login", "{\"username\":\"katy\",\"password\":\"katy-password\"}", null),
        401,
        "invalid_credentials");
    assertError(
        app.postJson(
            "/api/auth/login",
            "{\"username\":\"katy@example.com\",\"password\":\"katy-password\"}",
            null),
        401,
        "invalid_credentials");
    // not found by name, e-mail or employee id
    for (String search : new String[] {"Katy", "katy@example.com", "E-17"}) {
      RunningGateway.Reply found =
          app.get("/api/admin/users?status=deactivated&search=" + search, admin);
      assertThat(found.status()).as(found.body()).isEqualTo(200);
      assertThat(found.json().get("count").asLong()).as(search).isZero();
    }
    // nor by face, at once
    assertThat(identify("people/katy_perry/4.jpg").get("recognized").asBoolean()).isFalse();
    assertError(
        app.postMultipart(
            "/api/auth/face-login",
            new Multipart()
                .file("image", "f.jpg", SharedFaces.read("people/katy_perry/4.jpg"))
                .field("device", "ios")
                .field("deviceId", "x"),
            null,
            null),
        401,
        "face_not_recognized");

    // recorded, without the erased data
    var audit = db.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("user.erase")).fetchOne();
    assertThat(audit.getDetails().data()).contains("GDPR request 17").doesNotContain("Katy");
    assertThat(
            db.select(AUDIT_LOG.DETAILS).from(AUDIT_LOG).fetch(AUDIT_LOG.DETAILS).stream()
                .map(Object::toString))
        .noneMatch(details -> details.contains("katy@example.com"));
    // the events kept for redelivery (the check-in's, with its device and place) say nothing more
    var events = io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
    assertThat(
            db
                .select(events.DATA)
                .from(events)
                .where(events.SUBJECT_USER_ID.eq(personId))
                .fetch(events.DATA)
                .stream()
                .map(data -> data.data().replace(" ", "")))
        .isNotEmpty()
        .allMatch(
            data ->
                data.equals("{\"erased\":true,\"user_id\":" + personId + "}")
                    || data.equals("{\"user_id\":" + personId + ",\"erased\":true}"));
    // the pseudonym cannot be brought back to life
    assertError(
        app.postJson("/api/admin/users/" + personId + "/reactivate", "{}", admin), 409, "conflict");
    // twice: refused
    assertError(
        app.postJson("/api/admin/users/" + personId + "/erase", "{\"reason\":\"again\"}", admin),
        409,
        "conflict");
  }

  private static JsonNode identify(String photo) {
    RunningGateway.Reply reply =
        app.postMultipart(
            "/api/face/identify",
            new Multipart().file("image", "p.jpg", SharedFaces.read(photo)),
            admin,
            null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("results").get(0);
  }

  private static byte[] download(String path, String token) {
    try {
      HttpResponse<byte[]> response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(app.uri(path))
                      .header("Authorization", "Bearer " + token)
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode())
          .as(new String(response.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      assertThat(response.headers().firstValue("content-type").orElseThrow())
          .startsWith("application/zip");
      assertThat(response.headers().firstValue("content-disposition").orElseThrow())
          .contains("faceattend-export-user-" + personId + ".zip");
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
