package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceattend.server.MutableClock;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the real gateway: every documented route is called once
 * successfully and once with an error, and each response must match the document (keys, types,
 * nulls, enum values).
 */
class OpenApiContractTest {

  // Wednesday 2026-03-04 12:00 UTC
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-04T12:00:00Z"));
  private static RunningGateway app;
  private static JsonNode document;
  private static OpenApiChecker checker;

  /** "METHOD /template" -> [success checked, error checked]. */
  private static final Map<String, boolean[]> covered = new TreeMap<>();

  @BeforeAll
  static void start() {
    // registration by invite: both the refusal and the success are answerable
    app =
        new RunningGateway(
            CLOCK, RunningGateway.newDataDirectory(), Map.of("FACEATTEND_REGISTRATION", "invite"));
    RunningGateway.Reply reply = app.get("/api/openapi.json", null);
    assertThat(reply.status()).isEqualTo(200);
    document = reply.json();
    checker = new OpenApiChecker(document);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** Checks a reply against the documented response of its route and records the coverage. */
  private static void verify(
      String method, String template, RunningGateway.Reply reply, boolean expectSuccess) {
    JsonNode operation = document.path("paths").path(template).path(method.toLowerCase());
    assertThat(operation.isMissingNode()).as(method + " " + template + " is documented").isFalse();
    assertThat(reply.status() == 200)
        .as(method + " " + template + ": " + reply.body())
        .isEqualTo(expectSuccess);
    JsonNode responses = operation.get("responses");
    JsonNode response =
        responses.has(Integer.toString(reply.status()))
            ? responses.get(Integer.toString(reply.status()))
            : responses.get("default");
    JsonNode schema = response.path("content").path("application/json").path("schema");
    assertThat(checker.violations(reply.json(), schema))
        .as(method + " " + template + " " + reply.body())
        .isEmpty();
    covered.computeIfAbsent(method + " " + template, k -> new boolean[2])[expectSuccess ? 0 : 1] =
        true;
  }

  private static Multipart photo(String file) {
    return new Multipart()
        .file("image", "p.jpg", SharedFaces.read(file))
        .field("device", "android")
        .field("deviceId", "contract-test");
  }

  @Test
  void everyDocumentedRouteAnswersAsDocumented() {
    long employeeId = app.createUser("alex", "alex-password", "employee");
    app.createUser("chief", "chief-password", "admin");

    String login = "/api/auth/login";
    RunningGateway.Reply loggedIn =
        app.postJson(login, "{\"username\":\"alex\",\"password\":\"alex-password\"}", null);
    verify("POST", login, loggedIn, true);
    verify(
        "POST",
        login,
        app.postJson(login, "{\"username\":\"alex\",\"password\":\"nope\"}", null),
        false);
    String employee = loggedIn.json().get("access_token").asText();
    String admin = app.login("chief", "chief-password");

    String refresh = "/api/auth/refresh";
    RunningGateway.Reply refreshed =
        app.postJson(
            refresh,
            "{\"refresh_token\":\"" + loggedIn.json().get("refresh_token").asText() + "\"}",
            null);
    verify("POST", refresh, refreshed, true);
    verify("POST", refresh, app.postJson(refresh, "{\"refresh_token\":\"bogus\"}", null), false);
    employee = refreshed.json().get("access_token").asText();

    verify("GET", "/api/user/profile", app.get("/api/user/profile", employee), true);
    verify("GET", "/api/user/profile", app.get("/api/user/profile", null), false);
    verify("GET", "/api/attendance/status", app.get("/api/attendance/status", employee), true);
    verify("GET", "/api/attendance/status", app.get("/api/attendance/status", "x.y.z"), false);

    String sites = "/api/admin/sites";
    String siteBody =
        "{\"name\":\"Lab\",\"time_zone\":\"UTC\",\"center\":{\"latitude\":40.0,\"longitude\":-3.0},"
            + "\"radius_m\":100}";
    RunningGateway.Reply site = app.postJson(sites, siteBody, admin);
    verify("POST", sites, site, true);
    verify("POST", sites, app.postJson(sites, siteBody, employee), false);
    long siteId = site.json().get("site").get("id").asLong();

    String members = "/api/admin/sites/{site_id}/members";
    verify(
        "POST",
        members,
        app.postJson(
            "/api/admin/sites/" + siteId + "/members",
            "{\"user_ids\":[" + employeeId + "]}",
            admin),
        true);
    verify(
        "POST",
        members,
        app.postJson("/api/admin/sites/999/members", "{\"user_ids\":[1]}", admin),
        false);

    String schedule = "/api/admin/users/{user_id}/schedule";
    verify(
        "PUT",
        schedule,
        app.put(
            "/api/admin/users/" + employeeId + "/schedule",
            "{\"working_days\":[1,2,3,4,5,6,7],\"start_time\":\"09:00\",\"end_time\":\"17:00\"}",
            admin),
        true);
    verify(
        "PUT",
        schedule,
        app.put(
            "/api/admin/users/" + employeeId + "/schedule",
            "{\"working_days\":[1],\"start_time\":\"late\",\"end_time\":\"17:00\"}",
            admin),
        false);
    verify("GET", schedule, app.get("/api/admin/users/" + employeeId + "/schedule", admin), true);
    verify("GET", schedule, app.get("/api/admin/users/999/schedule", admin), false);

    long webhookId = createWebhook(admin, employee);

    String enroll = "/api/face/enroll";
    verify(
        "POST",
        enroll,
        app.postMultipart(enroll, photo("people/alex_lacamoire/2.jpg"), employee, null),
        true);
    verify(
        "POST",
        enroll,
        app.postMultipart(enroll, new Multipart().field("device", "ios"), employee, null),
        false);

    String enrollments = "/api/admin/enrollments";
    verify("GET", enrollments, app.get(enrollments + "?status=pending", admin), true);
    verify("GET", enrollments, app.get(enrollments + "?status=pending", employee), false);

    String approve = "/api/admin/users/{user_id}/approve";
    verify(
        "POST",
        approve,
        app.postJson("/api/admin/users/" + employeeId + "/approve", "{}", admin),
        true);
    verify(
        "POST",
        approve,
        app.postJson("/api/admin/users/" + employeeId + "/approve", "{}", admin),
        false);

    String checkIn = "/api/attendance/check-in";
    Multipart here =
        photo("people/alex_lacamoire/3.jpg")
            .field("latitude", "40.0003")
            .field("longitude", "-3.0002");
    verify("POST", checkIn, app.postMultipart(checkIn, here, employee, null), true);
    verify("POST", checkIn, app.postMultipart(checkIn, here, employee, null), false);

    String checkOut = "/api/attendance/check-out";
    Multipart there =
        photo("people/alex_lacamoire/1.png")
            .field("latitude", "40.0003")
            .field("longitude", "-3.0002");
    verify(
        "POST",
        checkOut,
        app.postMultipart(
            checkOut,
            photo("people/alex_lacamoire/1.png").field("longitude", "-3.0002"),
            employee,
            null),
        false);
    verify("POST", checkOut, app.postMultipart(checkOut, there, employee, null), true);

    exerciseIdentificationRoutes(admin, employee, employeeId, siteId);

    String history = "/api/attendance/history";
    verify("GET", history, app.get(history + "?page=1&limit=10", employee), true);
    verify("GET", history, app.get(history + "?from=yesterday", employee), false);

    String block = "/api/admin/users/{user_id}/block";
    verify(
        "POST",
        block,
        app.postJson("/api/admin/users/" + employeeId + "/block", "{\"reason\":\"test\"}", admin),
        true);
    verify("POST", block, app.postJson("/api/admin/users/424242/block", "{}", admin), false);
    String unblock = "/api/admin/users/{user_id}/unblock";
    verify(
        "POST",
        unblock,
        app.postJson("/api/admin/users/" + employeeId + "/unblock", "{}", admin),
        true);
    verify(
        "POST",
        unblock,
        app.postJson("/api/admin/users/" + employeeId + "/unblock", "{}", admin),
        false);

    String reject = "/api/admin/users/{user_id}/reject";
    verify(
        "POST",
        reject,
        app.postJson("/api/admin/users/" + employeeId + "/reject", "{}", admin),
        false);
    verify(
        "POST",
        reject,
        app.postJson(
            "/api/admin/users/" + employeeId + "/reject",
            "{\"reason\":\"new photo needed\"}",
            admin),
        true);

    exercisePeopleRoutes(admin, employee, employeeId);
    exerciseReportRoutes(admin, employee, employeeId);
    exerciseEventRoutes(admin, employee, employeeId, webhookId);
    exerciseCameraRoutes(admin, employee, siteId);
    exerciseAccountRoutes(admin, employee);

    String logout = "/api/auth/logout";
    verify("POST", logout, app.postJson(logout, "", employee), true);
    verify("POST", logout, app.postJson(logout, "", employee), false);

    TreeSet<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths =
            document.get("paths").properties().iterator();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path.getKey()));
    }
    assertThat(covered.keySet()).containsExactlyElementsOf(documented);
    assertThat(covered.values()).allSatisfy(both -> assertThat(both).containsExactly(true, true));
  }

  @Test
  void multipartRoutesDocumentTheirParts() {
    JsonNode form =
        document.at(
            "/paths/~1api~1attendance~1check-in/post/requestBody/content/multipart~1form-data"
                + "/schema/properties");
    assertThat(form.fieldNames())
        .toIterable()
        .contains("image", "device", "deviceId", "latitude", "longitude");
    assertThat(form.get("image").get("format").asText()).isEqualTo("binary");
    JsonNode enroll =
        document.at(
            "/paths/~1api~1face~1enroll/post/requestBody/content/multipart~1form-data"
                + "/schema/properties/image");
    assertThat(enroll.get("type").asText()).isEqualTo("array");
  }

  @Test
  void theCheckerRejectsRenamedKeysWrongTypesAndStrayNulls() throws Exception {
    JsonNode schema =
        document.at(
            "/paths/~1api~1user~1profile/get/responses/200/content/application~1json/schema");
    var json = RunningGateway.JSON;
    String good =
        "{\"success\":true,\"user\":{\"id\":1,\"name\":\"A\",\"username\":\"a\",\"email\":\"a@b.c\"}}";
    assertThat(checker.violations(json.readTree(good), schema)).isEmpty();
    assertThat(
            checker.violations(
                json.readTree(good.replace("\"username\"", "\"user_name\"")), schema))
        .anySatisfy(v -> assertThat(v).contains("user_name"));
    assertThat(checker.violations(json.readTree(good.replace("\"id\":1", "\"id\":\"1\"")), schema))
        .anySatisfy(v -> assertThat(v).contains("integer"));
    assertThat(
            checker.violations(
                json.readTree(good.replace("\"name\":\"A\"", "\"name\":null")), schema))
        .anySatisfy(v -> assertThat(v).contains("null"));
  }

  /** A webhook for enrolments, created before the enrolment so that its delivery exists later. */
  private static long createWebhook(String admin, String employee) {
    String webhooks = "/api/admin/webhooks";
    // nothing listens on port 9: the delivery fails and stays in the log, which is what redelivery
    // needs
    String body =
        "{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"contract-test-secret\","
            + "\"events\":[\"enrollment.submitted\"]}";
    RunningGateway.Reply created = app.postJson(webhooks, body, admin);
    verify("POST", webhooks, created, true);
    verify("POST", webhooks, app.postJson(webhooks, body, employee), false);
    return created.json().get("webhook").get("id").asLong();
  }

  /** The camera routes, against a real MJPEG stream on loopback and an unreachable one. */
  private static void exerciseCameraRoutes(String admin, String employee, long siteId) {
    try (MjpegServer stream =
        new MjpegServer(List.of(MjpegServer.frame("no_face/compreface_017_0_landscape.jpg")), 5)) {
      String cameras = "/api/admin/cameras";
      String body =
          "{\"id\":\"CAM001\",\"name\":\"Main Entrance\",\"location\":\"Building A\","
              + "\"stream_url\":\""
              + stream.url()
              + "\",\"username\":\"admin\",\"password\":\"camera-pass\",\"site_id\":"
              + siteId
              + ",\"direction\":\"entry\",\"fps\":1}";
      verify("POST", cameras, app.postJson(cameras, body, admin), true);
      verify("POST", cameras, app.postJson(cameras, body, admin), false); // the id is taken
      verify("GET", cameras, app.get(cameras, admin), true);
      verify("GET", cameras, app.get(cameras, employee), false);

      String one = "/api/admin/cameras/{camera_id}";
      verify("GET", one, app.get(cameras + "/CAM001", admin), true);
      verify("GET", one, app.get(cameras + "/NOPE", admin), false);
      verify("PUT", one, app.put(cameras + "/CAM001", "{\"name\":\"Front door\"}", admin), true);
      verify("PUT", one, app.put(cameras + "/CAM001", "{\"fps\":99}", admin), false);

      String stream1 = "/api/admin/cameras/{camera_id}/stream";
      verify("GET", stream1, app.get(cameras + "/CAM001/stream", admin), true);
      verify("GET", stream1, app.get(cameras + "/NOPE/stream", admin), false);

      String test = "/api/admin/cameras/{camera_id}/test";
      verify("POST", test, app.postJson(cameras + "/CAM001/test", "{}", admin), true);
      // a camera nobody answers for: camera_unreachable
      assertThat(
              app.postJson(
                      cameras,
                      "{\"id\":\"CAM-DOWN\",\"name\":\"Down\",\"stream_url\":\"http://127.0.0.1:9/x\"}",
                      admin)
                  .status())
          .isEqualTo(200);
      RunningGateway.Reply unreachable = app.postJson(cameras + "/CAM-DOWN/test", "{}", admin);
      assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(502);
      assertThat(unreachable.json().get("error").get("code").asText())
          .isEqualTo("camera_unreachable");
      verify("POST", test, unreachable, false);

      String health = "/api/admin/cameras/{camera_id}/health";
      verify("GET", health, app.get(cameras + "/CAM001/health", admin), true);
      verify("GET", health, app.get(cameras + "/NOPE/health", admin), false);

      String disable = "/api/admin/cameras/{camera_id}/disable";
      verify("POST", disable, app.postJson(cameras + "/CAM001/disable", "{}", admin), true);
      verify("POST", disable, app.postJson(cameras + "/NOPE/disable", "{}", admin), false);
      String enable = "/api/admin/cameras/{camera_id}/enable";
      verify("POST", enable, app.postJson(cameras + "/CAM001/enable", "{}", admin), true);
      verify("POST", enable, app.postJson(cameras + "/NOPE/enable", "{}", admin), false);

      String logs = "/api/attendance/logs";
      verify("GET", logs, app.get(logs + "?camera_id=CAM001&page=1", admin), true);
      verify("GET", logs, app.get(logs + "?date_to=tomorrow", admin), false);

      verify("DELETE", one, app.delete(cameras + "/CAM001", admin), true);
      verify("DELETE", one, app.delete(cameras + "/CAM001", admin), false);
      assertThat(app.delete(cameras + "/CAM-DOWN", admin).status()).isEqualTo(200);
    }
  }

  /** Checks a ZIP download against its documented media type and records the coverage. */
  private static void verifyZip(String template, RunningGateway.Reply reply) {
    JsonNode ok = document.path("paths").path(template).path("get").path("responses").path("200");
    assertThat(ok.path("content").has("application/zip")).as(template).isTrue();
    assertThat(reply.status()).as(template + ": " + reply.body()).isEqualTo(200);
    assertThat(reply.raw().headers().firstValue("content-type").orElseThrow())
        .startsWith("application/zip");
    covered.computeIfAbsent("GET " + template, k -> new boolean[2])[0] = true;
  }

  /** Registration by invite, token and e-mail verification, GDPR export and erasure. */
  private static void exerciseAccountRoutes(String admin, String employee) {
    String invites = "/api/admin/invites";
    RunningGateway.Reply invite =
        app.postJson(invites, "{\"email\":\"newbie@example.com\",\"valid_days\":3}", admin);
    verify("POST", invites, invite, true);
    verify("POST", invites, app.postJson(invites, "{}", employee), false);

    String register = "/api/auth/register";
    String form =
        "{\"username\":\"newbie\",\"password\":\"newbie-password\",\"name\":\"New Bie\","
            + "\"email\":\"newbie@example.com\"";
    verify("POST", register, app.postJson(register, form + "}", null), false);
    RunningGateway.Reply registered =
        app.postJson(
            register,
            form + ",\"invite_code\":\"" + invite.json().get("invite_code").asText() + "\"}",
            null);
    verify("POST", register, registered, true);
    long newbie = registered.json().get("user").get("id").asLong();

    String verifyToken = "/api/auth/verify-token";
    verify("GET", verifyToken, app.get(verifyToken, employee), true);
    verify("GET", verifyToken, app.get(verifyToken, null), false);

    // the message's token, as the mailer would have sent it (this gateway has no SMTP)
    String emailToken = "contract-test-verification-token";
    app.platform
        .database()
        .dsl()
        .insertInto(io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS)
        .set(
            io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS.TOKEN_HASH,
            io.faceattend.server.auth.TokenService.digest(emailToken))
        .set(io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS.USER_ID, newbie)
        .set(io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS.EMAIL, "newbie@example.com")
        .set(
            io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS.EXPIRES_AT,
            java.time.OffsetDateTime.ofInstant(CLOCK.instant(), java.time.ZoneOffset.UTC)
                .plusDays(1))
        .execute();
    String verifyEmail = "/api/auth/verify-email";
    verify(
        "POST",
        verifyEmail,
        app.postJson(verifyEmail, "{\"token\":\"" + emailToken + "\"}", null),
        true);
    verify(
        "POST",
        verifyEmail,
        app.postJson(verifyEmail, "{\"token\":\"" + emailToken + "\"}", null),
        false);

    String own = "/api/user/export";
    verifyZip(own, app.get(own, employee));
    verify("GET", own, app.get(own, null), false);
    String theirs = "/api/admin/users/{user_id}/export";
    verifyZip(theirs, app.get("/api/admin/users/" + newbie + "/export", admin));
    verify("GET", theirs, app.get("/api/admin/users/" + newbie + "/export", employee), false);

    String erase = "/api/admin/users/{user_id}/erase";
    verify(
        "POST",
        erase,
        app.postJson(
            "/api/admin/users/" + newbie + "/erase", "{\"reason\":\"contract test\"}", admin),
        true);
    verify(
        "POST",
        erase,
        app.postJson("/api/admin/users/99999/erase", "{\"reason\":\"contract test\"}", admin),
        false);
  }

  /** Webhooks, their deliveries, notification settings, contacts and the live dashboard. */
  private static void exerciseEventRoutes(
      String admin, String employee, long employeeId, long webhookId) {
    String webhooks = "/api/admin/webhooks";
    verify("GET", webhooks, app.get(webhooks, admin), true);
    verify("GET", webhooks, app.get(webhooks, employee), false);
    String one = "/api/admin/webhooks/{webhook_id}";
    verify(
        "PUT",
        one,
        app.put(
            webhooks + "/" + webhookId,
            "{\"events\":[\"enrollment.submitted\"," + "\"enrollment.approved\"]}",
            admin),
        true);
    verify(
        "PUT",
        one,
        app.put(webhooks + "/" + webhookId, "{\"url\":\"ftp://example.com\"}", admin),
        false);

    String deliveries = "/api/admin/webhooks/{webhook_id}/deliveries";
    RunningGateway.Reply listed = app.get(webhooks + "/" + webhookId + "/deliveries", admin);
    // the dispatcher fans the enrolment event out asynchronously: wait (bounded) for its delivery
    for (int i = 0; i < 100 && listed.json().path("deliveries").isEmpty(); i++) {
      sleep(100);
      listed = app.get(webhooks + "/" + webhookId + "/deliveries", admin);
    }
    verify("GET", deliveries, listed, true);
    assertThat(listed.json().get("deliveries")).isNotEmpty();
    verify("GET", deliveries, app.get(webhooks + "/424242/deliveries", admin), false);
    long deliveryId = listed.json().get("deliveries").get(0).get("id").asLong();
    String redeliver = "/api/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver";
    verify(
        "POST",
        redeliver,
        app.postJson(
            webhooks + "/" + webhookId + "/deliveries/" + deliveryId + "/redeliver", "{}", admin),
        true);
    verify(
        "POST",
        redeliver,
        app.postJson(webhooks + "/" + webhookId + "/deliveries/424242/redeliver", "{}", admin),
        false);

    String devices = "/api/user/devices";
    verify(
        "POST",
        devices,
        app.postJson(devices, "{\"token\":\"fcm-token-1\",\"platform\":\"android\"}", employee),
        true);
    verify(
        "POST",
        devices,
        app.postJson(devices, "{\"token\":\"\",\"platform\":\"android\"}", employee),
        false);
    String preferences = "/api/user/notification-preferences";
    verify(
        "PUT",
        preferences,
        app.put(preferences, "{\"email_enabled\":false,\"language\":\"fr\"}", employee),
        true);
    verify("PUT", preferences, app.put(preferences, "{\"language\":\"xx\"}", employee), false);

    String contacts = "/api/admin/users/{user_id}/contacts";
    RunningGateway.Reply contact =
        app.postJson(
            "/api/admin/users/" + employeeId + "/contacts",
            "{\"name\":\"Pat Guardian\",\"email\":\"pat@example.com\"}",
            admin);
    verify("POST", contacts, contact, true);
    verify(
        "POST",
        contacts,
        app.postJson(
            "/api/admin/users/" + employeeId + "/contacts", "{\"name\":\"No Mail\"}", admin),
        false);
    verify("GET", contacts, app.get("/api/admin/users/" + employeeId + "/contacts", admin), true);
    verify("GET", contacts, app.get("/api/admin/users/424242/contacts", admin), false);
    long contactId = contact.json().get("contact").get("id").asLong();
    String contactPath = "/api/admin/users/{user_id}/contacts/{contact_id}";
    verify(
        "DELETE",
        contactPath,
        app.delete("/api/admin/users/" + employeeId + "/contacts/" + contactId, admin),
        true);
    verify(
        "DELETE",
        contactPath,
        app.delete("/api/admin/users/" + employeeId + "/contacts/" + contactId, admin),
        false);

    verify("GET", "/api/reports/realtime", app.get("/api/reports/realtime", admin), true);
    verify("GET", "/api/reports/realtime", app.get("/api/reports/realtime", employee), false);
    verify("GET", "/api/reports/patterns", app.get("/api/reports/patterns", admin), true);
    verify(
        "GET", "/api/reports/patterns", app.get("/api/reports/patterns?from=soon", admin), false);

    verify("DELETE", one, app.delete(webhooks + "/" + webhookId, admin), true);
    verify("DELETE", one, app.delete(webhooks + "/" + webhookId, admin), false);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Face login, identify, the face-login switch, kiosks and API keys (alex is enrolled, approved,
   * checked out).
   */
  private static void exerciseIdentificationRoutes(
      String admin, String employee, long employeeId, long siteId) {
    String faceLogin = "/api/auth/face-login";
    Multipart face =
        new Multipart()
            .file("image", "face.jpg", SharedFaces.read("people/alex_lacamoire/3.jpg"))
            .field("device", "ios")
            .field("deviceId", "contract-face-login");
    RunningGateway.Reply loggedIn = app.postMultipart(faceLogin, face, null, null);
    verify("POST", faceLogin, loggedIn, true);
    assertThat(loggedIn.json().get("user").get("id").asLong()).isEqualTo(employeeId);
    verify(
        "POST",
        faceLogin,
        app.postMultipart(faceLogin, new Multipart().field("device", "ios"), null, null),
        false);

    String identify = "/api/face/identify";
    RunningGateway.Reply identified =
        app.postMultipart(
            identify,
            new Multipart().file("image", "a.jpg", SharedFaces.read("people/alex_lacamoire/3.jpg")),
            admin,
            null);
    verify("POST", identify, identified, true);
    assertThat(identified.json().get("results").get(0).get("user").get("id").asLong())
        .isEqualTo(employeeId);
    verify(
        "POST",
        identify,
        app.postMultipart(
            identify,
            new Multipart().file("image", "a.jpg", SharedFaces.read("people/alex_lacamoire/3.jpg")),
            employee,
            null),
        false);

    String switchFaceLogin = "/api/admin/users/{user_id}/face-login";
    verify(
        "PUT",
        switchFaceLogin,
        app.put("/api/admin/users/" + employeeId + "/face-login", "{\"enabled\":true}", admin),
        true);
    verify(
        "PUT",
        switchFaceLogin,
        app.put("/api/admin/users/" + employeeId + "/face-login", "{\"enabled\":true}", employee),
        false);

    String kiosks = "/api/admin/kiosks";
    RunningGateway.Reply kiosk =
        app.postJson(kiosks, "{\"name\":\"Lobby\",\"site_id\":" + siteId + "}", admin);
    verify("POST", kiosks, kiosk, true);
    verify(
        "POST", kiosks, app.postJson(kiosks, "{\"name\":\"Lobby\",\"site_id\":999}", admin), false);
    verify("GET", kiosks, app.get(kiosks, admin), true);
    verify("GET", kiosks, app.get(kiosks, employee), false);
    String templateModels = "/api/admin/reports/template-models";
    verify("GET", templateModels, app.get(templateModels, admin), true);
    verify("GET", templateModels, app.get(templateModels, employee), false);
    String kioskKey = kiosk.json().get("kiosk").get("api_key").asText();
    String punch = "/api/kiosk/punch";
    // alex has finished today at the phone: the kiosk punch is tomorrow's check-in
    CLOCK.advance(Duration.ofDays(1));
    verify("POST", punch, kioskPunch(kioskKey), true);
    verify("POST", punch, kioskPunch("fa_not-a-real-key"), false);
    // back to today, so that the callers' access tokens stay valid for the rest of the walk
    CLOCK.advance(Duration.ofDays(-1));
    String revokeKiosk = "/api/admin/kiosks/{kiosk_id}/revoke";
    long kioskId = kiosk.json().get("kiosk").get("id").asLong();
    verify(
        "POST", revokeKiosk, app.postJson(kiosks + "/" + kioskId + "/revoke", "{}", admin), true);
    verify("POST", revokeKiosk, app.postJson(kiosks + "/424242/revoke", "{}", admin), false);

    String apiKeys = "/api/admin/api-keys";
    RunningGateway.Reply key =
        app.postJson(apiKeys, "{\"name\":\"Payroll export\",\"scopes\":[\"reports_read\"]}", admin);
    verify("POST", apiKeys, key, true);
    verify(
        "POST",
        apiKeys,
        app.postJson(apiKeys, "{\"name\":\"Bad\",\"scopes\":[\"everything\"]}", admin),
        false);
    verify("GET", apiKeys, app.get(apiKeys, admin), true);
    verify("GET", apiKeys, app.get(apiKeys, employee), false);
    String revokeKey = "/api/admin/api-keys/{api_key_id}/revoke";
    long keyId = key.json().get("key").get("id").asLong();
    verify("POST", revokeKey, app.postJson(apiKeys + "/" + keyId + "/revoke", "{}", admin), true);
    verify("POST", revokeKey, app.postJson(apiKeys + "/424242/revoke", "{}", admin), false);
  }

  private static RunningGateway.Reply kioskPunch(String apiKey) {
    Multipart form =
        new Multipart().file("image", "face.jpg", SharedFaces.read("people/alex_lacamoire/2.jpg"));
    return app.send(
        HttpRequest.newBuilder(app.uri("/api/kiosk/punch"))
            .header("Content-Type", form.contentType())
            .header("X-Api-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
            .build());
  }

  /** The people and department routes (PeopleService), each once successfully and once refused. */
  private static void exercisePeopleRoutes(String admin, String employee, long employeeId) {
    String departments = "/api/admin/departments";
    RunningGateway.Reply created =
        app.postJson(departments, "{\"name\":\"Sales\",\"kind\":\"department\"}", admin);
    verify("POST", departments, created, true);
    verify("POST", departments, app.postJson(departments, "{\"name\":\"Sales\"}", admin), false);
    long departmentId = created.json().get("department").get("id").asLong();
    verify("GET", departments, app.get(departments, admin), true);
    verify("GET", departments, app.get(departments, employee), false);
    String department = "/api/admin/departments/{department_id}";
    verify("GET", department, app.get(departments + "/" + departmentId, admin), true);
    verify("GET", department, app.get(departments + "/999", admin), false);
    verify(
        "PUT",
        department,
        app.put(departments + "/" + departmentId, "{\"description\":\"Sellers\"}", admin),
        true);
    verify(
        "PUT",
        department,
        app.put(departments + "/" + departmentId, "{\"kind\":\"club\"}", admin),
        false);

    String users = "/api/admin/users";
    RunningGateway.Reply user =
        app.postJson(
            users,
            "{\"username\":\"sam\",\"password\":\"sam-password\","
                + "\"name\":\"Sam Seller\",\"email\":\"sam@company.com\",\"role\":\"manager\",\"employee_id\":\"S-1\","
                + "\"department_id\":"
                + departmentId
                + ",\"hourly_rate\":15.5}",
            admin);
    verify("POST", users, user, true);
    verify("POST", users, app.postJson(users, "{\"username\":\"sam\"}", admin), false);
    long samId = user.json().get("user").get("id").asLong();
    verify("GET", users, app.get(users + "?role=manager&search=sam&page_size=5", admin), true);
    verify("GET", users, app.get(users, employee), false);
    String importUsers = "/api/admin/users/import";
    byte[] csv =
        ("username,email,name,role\nimp1,imp1@company.com,Imported One,employee\n")
            .getBytes(StandardCharsets.UTF_8);
    RunningGateway.Reply imported =
        app.postMultipart(
            importUsers, new Multipart().file("file", "people.csv", csv), admin, null);
    verify("POST", importUsers, imported, true);
    assertThat(imported.json().get("imported").asInt()).isEqualTo(1);
    verify(
        "POST",
        importUsers,
        app.postMultipart(
            importUsers, new Multipart().file("file", "people.csv", csv), employee, null),
        false);
    String one = "/api/admin/users/{user_id}";
    verify("GET", one, app.get(users + "/" + samId, admin), true);
    verify("GET", one, app.get(users + "/424242", admin), false);
    verify("PUT", one, app.put(users + "/" + samId, "{\"hourly_rate\":16}", admin), true);
    verify("PUT", one, app.put(users + "/" + samId, "{\"role\":\"king\"}", admin), false);
    String reset = "/api/admin/users/{user_id}/reset-password";
    verify(
        "POST",
        reset,
        app.postJson(
            users + "/" + samId + "/reset-password", "{\"new_password\":\"new-password\"}", admin),
        true);
    verify(
        "POST",
        reset,
        app.postJson(users + "/" + samId + "/reset-password", "{\"new_password\":\"x\"}", admin),
        false);

    String managers = "/api/admin/departments/{department_id}/managers";
    verify(
        "PUT",
        managers,
        app.put(
            departments + "/" + departmentId + "/managers",
            "{\"user_ids\":[" + samId + "]}",
            admin),
        true);
    verify(
        "PUT",
        managers,
        app.put(
            departments + "/" + departmentId + "/managers",
            "{\"user_ids\":[" + employeeId + "]}",
            admin),
        false);
    String members = "/api/admin/departments/{department_id}/members";
    verify(
        "POST",
        members,
        app.postJson(
            departments + "/" + departmentId + "/members",
            "{\"user_ids\":[" + employeeId + "]}",
            admin),
        true);
    verify(
        "POST",
        members,
        app.postJson(departments + "/999/members", "{\"user_ids\":[1]}", admin),
        false);

    String groupSchedule = "/api/admin/departments/{department_id}/schedule";
    String groupSchedulePath = departments + "/" + departmentId + "/schedule";
    verify(
        "PUT",
        groupSchedule,
        app.put(
            groupSchedulePath,
            "{\"working_days\":[1,2,3,4,5],\"start_time\":\"22:00\","
                + "\"end_time\":\"06:00\",\"overtime_after_minutes\":420}",
            admin),
        true);
    verify(
        "PUT",
        groupSchedule,
        app.put(
            groupSchedulePath,
            "{\"working_days\":[9],\"start_time\":\"08:00\"," + "\"end_time\":\"16:00\"}",
            admin),
        false);
    verify("GET", groupSchedule, app.get(groupSchedulePath, admin), true);
    verify("GET", groupSchedule, app.get(groupSchedulePath, employee), false);
    // the employee's own schedule goes: their department's applies
    String ownSchedule = "/api/admin/users/{user_id}/schedule";
    verify("DELETE", ownSchedule, app.delete(users + "/" + employeeId + "/schedule", admin), true);
    verify("DELETE", ownSchedule, app.delete(users + "/" + employeeId + "/schedule", admin), false);
    RunningGateway.Reply inherited = app.get(users + "/" + employeeId + "/schedule", admin);
    verify("GET", ownSchedule, inherited, true);
    assertThat(inherited.json().get("schedule").get("source").asText()).isEqualTo("department");
    verify("DELETE", groupSchedule, app.delete(groupSchedulePath, admin), true);
    verify("DELETE", groupSchedule, app.delete(groupSchedulePath, admin), false);

    verify("DELETE", one, app.delete(users + "/" + samId, admin), true);
    verify("DELETE", one, app.delete(users + "/" + samId, admin), false);
    String reactivate = "/api/admin/users/{user_id}/reactivate";
    verify(
        "POST", reactivate, app.postJson(users + "/" + samId + "/reactivate", "{}", admin), true);
    verify(
        "POST", reactivate, app.postJson(users + "/" + samId + "/reactivate", "{}", admin), false);
    app.delete(users + "/" + samId, admin); // deactivated again, as the rest of the walk expects
    verify("DELETE", department, app.delete(departments + "/" + departmentId, admin), true);
    verify("DELETE", department, app.delete(departments + "/" + departmentId, admin), false);
  }

  /** The report routes (ReportService), each once successfully and once refused. */
  private static void exerciseReportRoutes(String admin, String employee, long employeeId) {
    String absences = "/api/absences";
    byte[] pdf = "%PDF-1.4\n%test certificate\n".getBytes(StandardCharsets.UTF_8);
    RunningGateway.Reply submitted =
        app.postMultipart(
            absences,
            new Multipart()
                .field("start_date", "2026-03-02")
                .field("end_date", "2026-03-03")
                .field("type", "sick")
                .field("reason", "flu")
                .file("evidence", "note.pdf", pdf),
            employee,
            null);
    verify("POST", absences, submitted, true);
    verify(
        "POST",
        absences,
        app.postMultipart(
            absences,
            new Multipart()
                .field("start_date", "2026-03-02")
                .field("end_date", "2026-03-03")
                .field("type", "sick")
                .field("reason", "flu")
                .file("evidence", "note.txt", "plain text".getBytes(StandardCharsets.UTF_8)),
            employee,
            null),
        false);
    long requestId = submitted.json().get("request").get("id").asLong();
    verify("GET", absences, app.get(absences + "?status=pending", employee), true);
    verify("GET", absences, app.get(absences + "?status=sleeping", employee), false);
    String evidence = "/api/absences/{request_id}/evidence";
    verify("GET", evidence, app.get(absences + "/" + requestId + "/evidence", employee), true);
    verify("GET", evidence, app.get(absences + "/999/evidence", employee), false);
    String decision = "/api/admin/absences/{request_id}/decision";
    verify(
        "POST",
        decision,
        app.postJson(
            "/api/admin/absences/" + requestId + "/decision",
            "{\"decision\":\"approved\",\"comment\":\"get well\"}",
            admin),
        true);
    verify(
        "POST",
        decision,
        app.postJson(
            "/api/admin/absences/" + requestId + "/decision", "{\"decision\":\"approved\"}", admin),
        false);

    String payroll = "/api/admin/payroll";
    verify("GET", payroll, app.get(payroll + "?from=2026-03-01&to=2026-03-31", admin), true);
    verify("GET", payroll, app.get(payroll + "?from=2026-03-01&to=2026-03-31", employee), false);
    assertThat(app.put("/api/admin/users/" + employeeId, "{\"hourly_rate\":10}", admin).status())
        .isEqualTo(200);
    String pay = "/api/admin/payroll/{user_id}/pay";
    verify(
        "POST",
        pay,
        app.postJson(
            "/api/admin/payroll/" + employeeId + "/pay",
            "{\"from\":\"2026-03-01\",\"to\":\"2026-03-03\"}",
            admin),
        true);
    verify(
        "POST",
        pay,
        app.postJson(
            "/api/admin/payroll/" + employeeId + "/pay",
            "{\"from\":\"2026-03-01\",\"to\":\"2026-03-03\"}",
            admin),
        false);
    String auditLog = "/api/admin/audit-log";
    verify("GET", auditLog, app.get(auditLog + "?action=payroll.&page_size=5", admin), true);
    verify("GET", auditLog, app.get(auditLog, employee), false);

    long night =
        app.postJson("/api/admin/departments", "{\"name\":\"Night\"}", admin)
            .json()
            .get("department")
            .get("id")
            .asLong();
    String bulk = "/api/admin/attendance/bulk-marks";
    verify(
        "POST",
        bulk,
        app.postJson(
            bulk,
            "{\"department_id\":"
                + night
                + ",\"date\":\"2026-03-02\","
                + "\"check_in\":\"09:00\",\"reason\":\"training\"}",
            admin),
        true);
    verify(
        "POST",
        bulk,
        app.postJson(
            bulk,
            "{\"department_id\":" + night + ",\"date\":\"2026-03-02\"," + "\"check_in\":\"09:00\"}",
            admin),
        false);

    String holidayList = "/api/admin/holidays";
    String holiday = "/api/admin/holidays/{date}";
    verify(
        "PUT",
        holiday,
        app.put(holidayList + "/2026-12-25", "{\"name\":\"Christmas\"}", admin),
        true);
    verify("PUT", holiday, app.put(holidayList + "/2026-12-25", "{\"name\":\"\"}", admin), false);
    verify("GET", holidayList, app.get(holidayList + "?year=2026", admin), true);
    verify("GET", holidayList, app.get(holidayList, employee), false);
    verify("DELETE", holiday, app.delete(holidayList + "/2026-12-25", admin), true);
    verify("DELETE", holiday, app.delete(holidayList + "/2026-12-25", admin), false);

    String siteList = "/api/admin/sites";
    verify("GET", siteList, app.get(siteList, admin), true);
    verify("GET", siteList, app.get(siteList, employee), false);
    long extra =
        app.postJson(
                siteList,
                "{\"name\":\"Annex\",\"time_zone\":\"UTC\",\"center\":{\"latitude\":41.0,"
                    + "\"longitude\":-3.0},\"radius_m\":50}",
                admin)
            .json()
            .get("site")
            .get("id")
            .asLong();
    String site = "/api/admin/sites/{site_id}";
    verify(
        "PUT",
        site,
        app.put(
            siteList + "/" + extra,
            "{\"name\":\"Annex B\",\"time_zone\":\"UTC\","
                + "\"center\":{\"latitude\":41.0,\"longitude\":-3.0},\"radius_m\":80}",
            admin),
        true);
    verify(
        "PUT",
        site,
        app.put(
            siteList + "/" + extra,
            "{\"name\":\"Annex B\",\"time_zone\":\"Mars/Base\","
                + "\"center\":{\"latitude\":41.0,\"longitude\":-3.0},\"radius_m\":80}",
            admin),
        false);
    String siteGroups = "/api/admin/sites/{site_id}/departments";
    verify(
        "POST",
        siteGroups,
        app.postJson(
            siteList + "/" + extra + "/departments", "{\"department_id\":" + night + "}", admin),
        true);
    verify(
        "POST",
        siteGroups,
        app.postJson(siteList + "/" + extra + "/departments", "{\"department_id\":999}", admin),
        false);
    // the employee joins the site directly; the group's members through the group
    app.postJson(siteList + "/" + extra + "/members", "{\"user_ids\":[" + employeeId + "]}", admin);
    String siteMembers = "/api/admin/sites/{site_id}/members";
    verify("GET", siteMembers, app.get(siteList + "/" + extra + "/members", admin), true);
    verify("GET", siteMembers, app.get(siteList + "/999/members", admin), false);
    String siteMember = "/api/admin/sites/{site_id}/members/{user_id}";
    verify(
        "DELETE",
        siteMember,
        app.delete(siteList + "/" + extra + "/members/" + employeeId, admin),
        true);
    verify(
        "DELETE",
        siteMember,
        app.delete(siteList + "/" + extra + "/members/" + employeeId, admin),
        false);
    String siteGroup = "/api/admin/sites/{site_id}/departments/{department_id}";
    verify(
        "DELETE",
        siteGroup,
        app.delete(siteList + "/" + extra + "/departments/" + night, admin),
        true);
    verify(
        "DELETE",
        siteGroup,
        app.delete(siteList + "/" + extra + "/departments/" + night, admin),
        false);
    verify("DELETE", site, app.delete(siteList + "/" + extra, admin), true);
    verify("DELETE", site, app.delete(siteList + "/" + extra, admin), false);

    String corrections = "/api/admin/attendance/corrections";
    verify(
        "POST",
        corrections,
        app.postJson(
            corrections,
            "{\"user_id\":"
                + employeeId
                + ",\"date\":\"2026-03-02\","
                + "\"kind\":\"check_in\",\"time\":\"09:00\",\"reason\":\"forgot the phone\"}",
            admin),
        true);
    verify(
        "POST",
        corrections,
        app.postJson(
            corrections,
            "{\"user_id\":"
                + employeeId
                + ",\"date\":\"2026-03-02\","
                + "\"kind\":\"check_in\",\"time\":\"09:00\"}",
            admin),
        false);
    verify("GET", corrections, app.get(corrections + "?user_id=" + employeeId, admin), true);
    verify("GET", corrections, app.get(corrections, employee), false);
    String attendance = "/api/reports/attendance";
    verify("GET", attendance, app.get(attendance + "?from=2026-03-01&to=2026-03-31", admin), true);
    // an employee reads their own report; the next user (the admin, created right after) is not
    // found
    verify(
        "GET",
        attendance,
        app.get(
            attendance + "?from=2026-03-01&to=2026-03-31&user_id=" + (employeeId + 1), employee),
        false);
    String hours = "/api/reports/check-in-hours";
    verify("GET", hours, app.get(hours + "?from=2026-03-01&to=2026-03-31", admin), true);
    verify("GET", hours, app.get(hours + "?from=2026-03-01", admin), false);
    String absentees = "/api/reports/absentees";
    verify("GET", absentees, app.get(absentees, admin), true);
    verify("GET", absentees, app.get(absentees, employee), false);
    String byDepartment = "/api/reports/departments";
    verify(
        "GET", byDepartment, app.get(byDepartment + "?from=2026-03-01&to=2026-03-31", admin), true);
    verify(
        "GET",
        byDepartment,
        app.get(byDepartment + "?from=2026-03-01&to=2026-03-31", employee),
        false);
    String summary = "/api/reports/summary";
    verify(
        "GET",
        summary,
        app.get(summary + "?period=weekly&from=2026-03-01&to=2026-03-31", admin),
        true);
    verify(
        "GET",
        summary,
        app.get(summary + "?period=yearly&from=2026-03-01&to=2026-03-31", admin),
        false);
  }
}
