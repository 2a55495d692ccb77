package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.server.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed 000 flowchart over REST with real photos, a real PostgreSQL and the real face engine:
 * login, enrol, approval, check-in, check-out, history; every refusal with its code and no state
 * change; an idempotent retry under real concurrency. Each test has its own people and site and
 * sets the clock it needs, so any test runs alone or in any order; they share one platform (its
 * own: the flow needs a clock it can move, which {@link RunningGateway#shared()} does not give).
 */
class MobileFlowTest {

  // Thursday 2026-01-15 09:02 in Karachi (UTC+5)
  private static final Instant THURSDAY_0902 = Instant.parse("2026-01-15T04:02:00Z");
  private static final MutableClock CLOCK = new MutableClock(THURSDAY_0902);
  private static final double SITE_LAT = 24.8607;
  private static final double SITE_LON = 67.0011;
  private static final String INSIDE_LAT = "24.8610";
  private static final String INSIDE_LON = "67.0013";
  private static final String WEEKDAYS_9_TO_5 =
      "{\"working_days\":[1,2,3,4,5],\"start_time\":\"09:00\",\"end_time\":\"17:00\",\"grace_minutes\":5}";
  // Friday 2026-01-16 09:01 local
  private static final Instant FRIDAY_0901 = Instant.parse("2026-01-16T04:01:00Z");
  // enrolled by one test only (the others enrol angelina_jolie)
  private static final String APPROVED_FACE = "jennifer_aniston";
  private static final AtomicInteger PEOPLE = new AtomicInteger();

  private static RunningGateway app;
  private static DSLContext db;

  // this test's people, new in each
  private long employeeId;
  private String employeeName;
  private String employee;
  private String adminName;
  private String admin;

  @BeforeAll
  static void start() {
    app = new RunningGateway(CLOCK);
    db = app.platform.database().dsl();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** An employee (first login) and an admin of this test only, signed in at Thursday 09:02. */
  @BeforeEach
  void newPeople() {
    at(THURSDAY_0902);
    int n = PEOPLE.incrementAndGet();
    employeeName = "employee" + n;
    adminName = "boss" + n;
    employeeId = app.createUser(employeeName, "employee-pass", "employee");
    app.createUser(adminName, "boss-pass-123", "admin");
    signInAgain();
  }

  /** Moves the shared clock to {@code instant} (forwards or back) and signs in again. */
  private void at(Instant instant) {
    CLOCK.advance(Duration.between(CLOCK.instant(), instant));
    if (admin != null) {
      signInAgain();
    }
  }

  /** Access tokens last 15 minutes; after moving the clock by hours the test signs in again. */
  private void signInAgain() {
    employee = app.login(employeeName, "employee-pass");
    admin = app.login(adminName, "boss-pass-123");
  }

  /**
   * The replies of setting up a site with the employee in it and a weekday 09:00-17:00 schedule.
   */
  private record Setup(
      RunningGateway.Reply site, RunningGateway.Reply members, RunningGateway.Reply schedule) {}

  private Setup siteAndSchedule() {
    RunningGateway.Reply site =
        app.postJson(
            "/api/admin/sites",
            "{\"name\":\"Karachi office "
                + employeeName
                + "\",\"time_zone\":\"Asia/Karachi\",\"center\":{\"latitude\":"
                + SITE_LAT
                + ",\"longitude\":"
                + SITE_LON
                + "},\"radius_m\":150}",
            admin);
    assertThat(site.status()).as(site.body()).isEqualTo(200);
    long siteId = site.json().get("site").get("id").asLong();
    RunningGateway.Reply members =
        app.postJson(
            "/api/admin/sites/" + siteId + "/members",
            "{\"user_ids\":[" + employeeId + "]}",
            admin);
    RunningGateway.Reply schedule =
        app.put("/api/admin/users/" + employeeId + "/schedule", WEEKDAYS_9_TO_5, admin);
    return new Setup(site, members, schedule);
  }

  /** The employee enrolled with two photos of {@code person} (1.jpg, 5.jpg), pending approval. */
  private void enrolled(String person) {
    Multipart form =
        new Multipart()
            .file("image", "a.jpg", SharedFaces.read("people/" + person + "/1.jpg"))
            .file("image", "b.jpg", SharedFaces.read("people/" + person + "/5.jpg"))
            .field("device", "ios")
            .field("deviceId", "iphone-15-xyz");
    RunningGateway.Reply reply = app.postMultipart("/api/face/enroll", form, employee, null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  /**
   * The employee in a site with a schedule, enrolled and approved: ready to punch. Other tests'
   * employees have the same face, so the approval confirms the possible duplicates.
   */
  private void readyToPunch() {
    siteAndSchedule();
    enrolled("angelina_jolie");
    RunningGateway.Reply approved =
        app.postJson(
            "/api/admin/users/" + employeeId + "/approve", "{\"override_duplicates\":true}", admin);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
  }

  private static Multipart punch(String photo, String lat, String lon) {
    Multipart form =
        new Multipart()
            .file("image", "selfie.jpg", SharedFaces.read(photo))
            .field("device", "android")
            .field("deviceId", "pixel-8-abc");
    if (lat != null) {
      form.field("latitude", lat);
    }
    if (lon != null) {
      form.field("longitude", lon);
    }
    return form;
  }

  private JsonNode status() {
    RunningGateway.Reply reply = app.get("/api/attendance/status", employee);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private long attempts() {
    return db.fetchCount(ATTENDANCE_ATTEMPTS, ATTENDANCE_ATTEMPTS.USER_ID.eq(employeeId));
  }

  private long punches() {
    return db.fetchCount(ATTENDANCE_PUNCHES, ATTENDANCE_PUNCHES.USER_ID.eq(employeeId));
  }

  private long templates() {
    return db.fetchCount(FACE_TEMPLATES, FACE_TEMPLATES.USER_ID.eq(employeeId));
  }

  /** Audit records of {@code action} about this test's employee. */
  private long audited(String action) {
    return db.fetchCount(
        AUDIT_LOG,
        AUDIT_LOG.ACTION.eq(action).and(AUDIT_LOG.TARGET_ID.eq(Long.toString(employeeId))));
  }

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertError(RunningGateway.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("success").asBoolean()).isFalse();
    assertThat(reply.json().get("error").get("code").asText()).isEqualTo(code);
  }

  @Test
  void adminSetsUpASiteAndASchedule() {
    long audits =
        db.fetchCount(
            AUDIT_LOG, AUDIT_LOG.ACTION.in("site.create", "site.add_members", "schedule.set"));
    Setup setup = siteAndSchedule();
    RunningGateway.Reply site = setup.site();
    assertThat(site.status()).as(site.body()).isEqualTo(200);
    assertThat(site.json().get("site").get("geofence_kind").asText()).isEqualTo("circle");
    assertThat(setup.members().json().get("added").asInt()).isEqualTo(1);
    RunningGateway.Reply schedule = setup.schedule();
    assertThat(schedule.status()).as(schedule.body()).isEqualTo(200);
    assertThat(
            db.fetchCount(
                AUDIT_LOG, AUDIT_LOG.ACTION.in("site.create", "site.add_members", "schedule.set")))
        .isEqualTo(audits + 3);
  }

  @Test
  void employeeMayNotCallAdminRoutes() {
    assertError(
        app.postJson("/api/admin/users/" + employeeId + "/approve", "{}", employee),
        403,
        "forbidden");
    assertError(app.get("/api/admin/enrollments?status=pending", employee), 403, "forbidden");
  }

  @Test
  void firstLoginEnrolsAndBecomesPending() {
    siteAndSchedule();
    assertThat(status().get("user_status").asText()).isEqualTo("first_login");
    // punching before enrolment is refused
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        403,
        "enrollment_required");

    Multipart form =
        new Multipart()
            .file("image", "a.jpg", SharedFaces.read("people/angelina_jolie/1.jpg"))
            .file("image", "b.jpg", SharedFaces.read("people/angelina_jolie/5.jpg"))
            .file("image", "c.jpg", SharedFaces.read("no_face/inspireface_view.jpg"))
            .field("device", "ios")
            .field("deviceId", "iphone-15-xyz");
    RunningGateway.Reply reply = app.postMultipart("/api/face/enroll", form, employee, null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("success").asBoolean()).isTrue();
    assertThat(reply.json().get("message").asText()).isEqualTo("Face enrolled successfully");
    JsonNode images = reply.json().get("images");
    assertThat(images).hasSize(3);
    assertThat(images.get(0).get("accepted").asBoolean()).isTrue();
    assertThat(images.get(0).get("liveness_score").asDouble()).isGreaterThan(0.5);
    assertThat(images.get(1).get("accepted").asBoolean()).isTrue();
    assertThat(images.get(2).get("accepted").asBoolean()).isFalse();
    assertThat(images.get(2).get("error_code").asText()).isEqualTo("no_face");

    assertThat(status().get("user_status").asText()).isEqualTo("pending");
    assertThat(status().get("attendance_status").asText()).isEqualTo("not_checked_in");
    assertThat(templates()).isEqualTo(2);
    // templates are ciphertext: no raw 2 KiB float vector in the table
    assertThat(
            db.select(FACE_TEMPLATES.CIPHERTEXT)
                .from(FACE_TEMPLATES)
                .where(FACE_TEMPLATES.USER_ID.eq(employeeId))
                .fetch(FACE_TEMPLATES.CIPHERTEXT))
        .allSatisfy(ciphertext -> assertThat(ciphertext.length).isEqualTo(12 + 512 * 4 + 16));

    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        403,
        "account_pending");
    assertError(
        app.postMultipart(
            "/api/face/enroll",
            new Multipart()
                .file("image", "a.jpg", SharedFaces.read("people/angelina_jolie/1.jpg"))
                .field("device", "ios")
                .field("deviceId", "iphone-15-xyz"),
            employee,
            null),
        409,
        "enrollment_not_allowed");
  }

  @Test
  void adminSeesThePendingEnrolmentWithItsPhotoAndApproves() {
    siteAndSchedule();
    // a face no other test enrols: the approval finds no possible duplicate to confirm
    enrolled(APPROVED_FACE);
    RunningGateway.Reply pending =
        app.get("/api/admin/enrollments?status=pending&limit=100", admin);
    assertThat(pending.status()).as(pending.body()).isEqualTo(200);
    // other tests' enrolments may be pending too: this employee's is the newest
    JsonNode item = pending.json().get("enrollments").get(0);
    for (JsonNode each : pending.json().get("enrollments")) {
      if (each.get("user_id").asLong() == employeeId) {
        item = each;
      }
    }
    assertThat(item.get("user_id").asLong()).isEqualTo(employeeId);
    assertThat(item.get("template_count").asInt()).isEqualTo(2);
    byte[] photo = Base64.getDecoder().decode(item.get("photo").asText());
    assertThat(photo).isEqualTo(SharedFaces.read("people/" + APPROVED_FACE + "/1.jpg"));

    RunningGateway.Reply approved =
        app.postJson("/api/admin/users/" + employeeId + "/approve", "{}", admin);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(status().get("user_status").asText()).isEqualTo("active");
    assertThat(status().get("attendance_status").asText()).isEqualTo("not_checked_in");
    // the photo was kept only until the decision
    assertThat(
            db.select(ENROLLMENTS.PHOTO_CIPHERTEXT)
                .from(ENROLLMENTS)
                .where(ENROLLMENTS.USER_ID.eq(employeeId))
                .fetchSingle()
                .value1())
        .isNull();
    assertThat(audited("enrollment.approve")).isEqualTo(1);
  }

  @Test
  void refusedPunchesHaveTheirCodesAndChangeNothing() {
    readyToPunch();
    assertError(
        app.postMultipart(
            "/api/attendance/check-out",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        409,
        "not_checked_in");

    RunningGateway.Reply stranger =
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/scarlett_johansson/1.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertError(stranger, 403, "face_mismatch");
    assertThat(stranger.json().get("verified").asBoolean()).isFalse();
    assertThat(stranger.json().get("liveness").asBoolean()).isTrue();

    RunningGateway.Reply spoof =
        app.postMultipart(
            "/api/attendance/check-in",
            punch("spoof/hyperfas_fake_screen.png", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertError(spoof, 422, "liveness_failed");
    assertThat(spoof.json().get("verified").asBoolean()).isFalse();
    assertThat(spoof.json().get("liveness").asBoolean()).isFalse();

    RunningGateway.Reply twoFaces =
        app.postMultipart(
            "/api/attendance/check-in",
            punch("groups/couple.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertError(twoFaces, 422, "multiple_faces");
    // liveness is the liveness model's verdict on the largest face, not a stand-in false
    boolean live =
        GrpcClients.builder("http://127.0.0.1:" + app.gateway.port())
            .addHeader("authorization", "Bearer " + admin)
            .build(FaceEngineServiceGrpc.FaceEngineServiceBlockingStub.class)
            .checkLiveness(
                CheckLivenessRequest.newBuilder()
                    .setImage(ByteString.copyFrom(SharedFaces.read("groups/couple.jpg")))
                    .build())
            .getLive();
    assertThat(twoFaces.json().get("liveness").asBoolean()).isEqualTo(live);
    assertThat(twoFaces.json().get("verified").asBoolean()).isFalse();
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("no_face/inspireface_view.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        422,
        "no_face");
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("invalid/truncated.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        422,
        "image_unreadable");
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", "24.9000", "67.0500"),
            employee,
            null),
        403,
        "outside_geofence");
    // a refusal retried with its Idempotency-Key (the app lost the answer) is one attempt, not two
    long before = attempts();
    for (int i = 0; i < 2; i++) {
      assertError(
          app.postMultipart(
              "/api/attendance/check-in",
              punch("people/angelina_jolie/2.jpg", "24.9000", "67.0500"),
              employee,
              "refused-once"),
          403,
          "outside_geofence");
    }
    assertThat(attempts()).isEqualTo(before + 1);
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", null, INSIDE_LON),
            employee,
            null),
        400,
        "missing_field");
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", "north", INSIDE_LON),
            employee,
            null),
        400,
        "invalid_argument");

    assertThat(status().get("attendance_status").asText()).isEqualTo("not_checked_in");
    assertThat(punches()).isZero();
    // well-formed refusals are kept for fraud review (the two malformed ones are not)
    assertThat(
            db.select(ATTENDANCE_ATTEMPTS.REASON)
                .from(ATTENDANCE_ATTEMPTS)
                .where(ATTENDANCE_ATTEMPTS.USER_ID.eq(employeeId))
                .fetch(ATTENDANCE_ATTEMPTS.REASON))
        .contains(
            "not_checked_in",
            "face_mismatch",
            "liveness_failed",
            "multiple_faces",
            "no_face",
            "image_unreadable",
            "outside_geofence");
    assertThat(
            db.select(ATTENDANCE_ATTEMPTS.SIMILARITY)
                .from(ATTENDANCE_ATTEMPTS)
                .where(ATTENDANCE_ATTEMPTS.USER_ID.eq(employeeId))
                .and(ATTENDANCE_ATTEMPTS.REASON.eq("face_mismatch"))
                .fetchSingle()
                .value1())
        .isNotNull();
  }

  @Test
  void checkInThenCheckOutThenHistory() {
    readyToPunch();
    RunningGateway.Reply in =
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(keys(in.json()))
        .containsExactly("success", "verified", "liveness", "check_in_time", "within_allowed_time");
    assertThat(in.json().get("verified").asBoolean()).isTrue();
    assertThat(in.json().get("liveness").asBoolean()).isTrue();
    assertThat(in.json().get("check_in_time").asText()).isEqualTo("2026-01-15T09:02:00");
    assertThat(in.json().get("within_allowed_time").asBoolean()).isTrue();

    JsonNode afterIn = status();
    assertThat(afterIn.get("attendance_status").asText()).isEqualTo("checked_in");
    assertThat(afterIn.get("date").asText()).isEqualTo("2026-01-15");
    assertThat(afterIn.get("check_in_time").asText()).isEqualTo("09:02");
    assertThat(afterIn.get("check_out_time").isNull()).isTrue();

    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/3.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        409,
        "already_checked_in");

    CLOCK.advance(Duration.ofHours(7).plusMinutes(59)); // 17:01 local
    signInAgain();
    // the check-in's photo again is a replay, not a new capture
    long attempts = attempts();
    assertError(
        app.postMultipart(
            "/api/attendance/check-out",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        422,
        "image_reused");
    assertThat(attempts()).isEqualTo(attempts + 1);
    RunningGateway.Reply out =
        app.postMultipart(
            "/api/attendance/check-out",
            punch("people/angelina_jolie/3.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertThat(out.status()).as(out.body()).isEqualTo(200);
    assertThat(keys(out.json()))
        .containsExactly(
            "success", "verified", "liveness", "check_out_time", "within_allowed_time");
    assertThat(out.json().get("check_out_time").asText()).isEqualTo("2026-01-15T17:01:00");
    assertThat(out.json().get("within_allowed_time").asBoolean()).isTrue();

    JsonNode done = status();
    assertThat(done.get("attendance_status").asText()).isEqualTo("checked_out");
    assertThat(done.get("check_out_time").asText()).isEqualTo("17:01");

    RunningGateway.Reply history =
        app.get("/api/attendance/history?page=1&limit=20&from=2026-01-01&to=2026-01-31", employee);
    assertThat(history.status()).as(history.body()).isEqualTo(200);
    assertThat(keys(history.json()))
        .containsExactly("success", "page", "limit", "total", "records");
    assertThat(history.json().get("total").asInt()).isEqualTo(1);
    JsonNode day = history.json().get("records").get(0);
    assertThat(keys(day)).containsExactly("date", "check_in", "check_out", "within_allowed_time");
    assertThat(day.get("date").asText()).isEqualTo("2026-01-15");
    assertThat(day.get("check_in").asText()).isEqualTo("09:02");
    assertThat(day.get("check_out").asText()).isEqualTo("17:01");
    assertThat(day.get("within_allowed_time").asBoolean()).isTrue();

    assertError(
        app.get("/api/attendance/history?page=0&from=2026-02-01&to=2026-01-01", employee),
        400,
        "invalid_argument");
    assertThat(app.get("/api/attendance/history?limit=5000", employee).json().get("limit").asInt())
        .isEqualTo(100);
  }

  @Test
  void blockedUserIsRefusedThenUnblocked() {
    readyToPunch();
    assertThat(
            app.postJson(
                    "/api/admin/users/" + employeeId + "/block",
                    "{\"reason\":\"lost phone\"}",
                    admin)
                .status())
        .isEqualTo(200);
    assertThat(status().get("user_status").asText()).isEqualTo("blocked");
    assertThat(status().get("attendance_status").asText()).isEqualTo("not_allowed");
    assertThat(status().get("reason").asText()).isEqualTo("blocked");
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        403,
        "account_blocked");
    RunningGateway.Reply unblocked =
        app.postJson("/api/admin/users/" + employeeId + "/unblock", "{}", admin);
    assertThat(unblocked.json().get("user_status").asText()).isEqualTo("active");
  }

  @Test
  void concurrentRetriesWithOneIdempotencyKeyCreateOnePunch() throws Exception {
    readyToPunch();
    at(FRIDAY_0901);
    int copies = 4;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<RunningGateway.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      replies.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return app.postMultipart(
                    "/api/attendance/check-in",
                    punch("people/angelina_jolie/4.jpg", INSIDE_LAT, INSIDE_LON),
                    employee,
                    "retry-7f3a");
              }));
    }
    go.countDown();
    List<String> bodies = new ArrayList<>();
    for (var reply : replies) {
      RunningGateway.Reply r = reply.get();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      bodies.add(r.body());
    }
    assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
    assertThat(
            db.fetchCount(
                ATTENDANCE_PUNCHES,
                ATTENDANCE_PUNCHES
                    .USER_ID
                    .eq(employeeId)
                    .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(LocalDate.of(2026, 1, 16)))))
        .isEqualTo(1);
    // a later retry still gets the first answer, without a new punch
    RunningGateway.Reply later =
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/4.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            "retry-7f3a");
    assertThat(later.body()).isEqualTo(bodies.get(0));
    assertThat(punches()).isEqualTo(1);
  }

  @Test
  void offlinePunchCountsAtItsCaptureTimeWithinTheWindow() {
    readyToPunch();
    at(FRIDAY_0901);
    RunningGateway.Reply in =
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/4.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    // Friday 09:01 local is 04:01Z; the app queued a check-out taken at 04:31Z and sends it at
    // 05:31Z
    at(FRIDAY_0901.plus(Duration.ofMinutes(90)));
    RunningGateway.Reply tooOld =
        app.postMultipart(
            "/api/attendance/check-out",
            punch("people/angelina_jolie/6.jpg", INSIDE_LAT, INSIDE_LON)
                .field("captured_at", "2026-01-14T12:00:00+05:00"),
            employee,
            null);
    assertError(tooOld, 400, "capture_time_out_of_window");

    RunningGateway.Reply out =
        app.postMultipart(
            "/api/attendance/check-out",
            punch("people/angelina_jolie/6.jpg", INSIDE_LAT, INSIDE_LON)
                .field("captured_at", "2026-01-16T09:31:00+05:00"),
            employee,
            null);
    assertThat(out.status()).as(out.body()).isEqualTo(200);
    assertThat(out.json().get("check_out_time").asText()).isEqualTo("2026-01-16T09:31:00");
    assertThat(out.json().get("within_allowed_time").asBoolean()).isFalse(); // left before 16:55
    var stored =
        db.selectFrom(ATTENDANCE_PUNCHES)
            .where(ATTENDANCE_PUNCHES.USER_ID.eq(employeeId))
            .and(ATTENDANCE_PUNCHES.KIND.eq("check_out"))
            .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(LocalDate.of(2026, 1, 16)))
            .fetchSingle();
    assertThat(stored.getCapturedAt().toInstant()).isEqualTo(Instant.parse("2026-01-16T04:31:00Z"));
    assertThat(stored.getReceivedAt().toInstant()).isEqualTo(Instant.parse("2026-01-16T05:31:00Z"));
  }

  @Test
  void saturdayIsNotAWorkingDay() {
    readyToPunch();
    at(FRIDAY_0901.plus(Duration.ofDays(1))); // Saturday
    assertThat(status().get("attendance_status").asText()).isEqualTo("not_allowed");
    assertThat(status().get("reason").asText()).isEqualTo("not_working_day");
    assertError(
        app.postMultipart(
            "/api/attendance/check-in",
            punch("people/angelina_jolie/2.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null),
        403,
        "not_working_day");
  }

  /**
   * A night shift 22:00-06:00: Monday's check-in at 22:05 and Tuesday's check-out at 06:07 are one
   * work day, Monday's; meanwhile the status shows Monday as checked in.
   */
  @Test
  void aNightShiftIsOneWorkDayAcrossMidnight() {
    readyToPunch();
    RunningGateway.Reply schedule =
        app.put(
            "/api/admin/users/" + employeeId + "/schedule",
            "{\"working_days\":[1,2,3,4,5],\"start_time\":\"22:00\",\"end_time\":\"06:00\",\"grace_minutes\":10}",
            admin);
    assertThat(schedule.status()).as(schedule.body()).isEqualTo(200);
    at(Instant.parse("2026-01-19T17:05:00Z")); // Monday 22:05 local
    RunningGateway.Reply in =
        app.postMultipart(
            "/api/attendance/check-in", // photos serve one punch each
            punch("people/angelina_jolie/1.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(in.json().get("check_in_time").asText()).isEqualTo("2026-01-19T22:05:00");
    assertThat(in.json().get("within_allowed_time").asBoolean()).isTrue();

    at(Instant.parse("2026-01-20T01:07:00Z")); // Tuesday 06:07 local
    JsonNode night = status();
    assertThat(night.get("date").asText()).isEqualTo("2026-01-19");
    assertThat(night.get("attendance_status").asText()).isEqualTo("checked_in");
    RunningGateway.Reply out =
        app.postMultipart(
            "/api/attendance/check-out",
            punch("people/angelina_jolie/5.jpg", INSIDE_LAT, INSIDE_LON),
            employee,
            null);
    assertThat(out.status()).as(out.body()).isEqualTo(200);
    assertThat(out.json().get("check_out_time").asText()).isEqualTo("2026-01-20T06:07:00");
    assertThat(out.json().get("within_allowed_time").asBoolean()).isTrue();

    JsonNode day =
        app.get("/api/attendance/history?from=2026-01-19&to=2026-01-20", employee)
            .json()
            .get("records")
            .get(0);
    assertThat(day.get("date").asText()).isEqualTo("2026-01-19");
    assertThat(day.get("check_in").asText()).isEqualTo("22:05");
    assertThat(day.get("check_out").asText()).isEqualTo("06:07");
    // the shift is closed: Tuesday is Tuesday again
    JsonNode tuesday = status();
    assertThat(tuesday.get("date").asText()).isEqualTo("2026-01-20");
    assertThat(tuesday.get("attendance_status").asText()).isEqualTo("not_checked_in");
  }

  @Test
  void rejectionSendsTheUserBackToEnrolment() {
    readyToPunch();
    assertError(
        app.postJson("/api/admin/users/" + employeeId + "/reject", "{}", admin),
        400,
        "missing_field");
    RunningGateway.Reply rejected =
        app.postJson(
            "/api/admin/users/" + employeeId + "/reject",
            "{\"reason\":\"photo too old, please enrol again\"}",
            admin);
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    assertThat(status().get("user_status").asText()).isEqualTo("first_login");
    assertThat(templates()).isZero();
    assertThat(audited("enrollment.request_again")).isEqualTo(1);
  }
}
