package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.IDEMPOTENT_REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.server.face.FaceAdmission;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bounded face queue: with its one slot (FACEATTEND_FACE_CONCURRENCY=1,
 * FACEATTEND_FACE_QUEUE=0) taken, a check-in is answered at once 503 {@code overloaded} with
 * Retry-After and changes nothing; the same request (same Idempotency-Key) succeeds once the slot
 * is free.
 */
class BackpressureTest {
  private static RunningGateway app;
  private static DSLContext db;
  private static String employee;

  @BeforeAll
  static void start() {
    app =
        new RunningGateway(
            Clock.systemUTC(),
            RunningGateway.newDataDirectory(),
            Map.of(
                "FACEATTEND_FACE_CONCURRENCY", "1",
                "FACEATTEND_FACE_QUEUE", "0",
                "FACEATTEND_REQUIRE_SITE", "false"));
    db = app.platform.database().dsl();
    long employeeId = app.createUser("rush01", "rush01-pass", "employee");
    app.createUser("boss", "boss-pass-123", "admin");
    employee = app.login("rush01", "rush01-pass");
    String admin = app.login("boss", "boss-pass-123");
    RunningGateway.Reply enrolled =
        app.postMultipart(
            "/api/face/enroll",
            new Multipart()
                .file("image", "face.jpg", SharedFaces.read("people/angelina_jolie/1.jpg"))
                .field("device", "android")
                .field("deviceId", "rush-phone"),
            employee,
            null);
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
    RunningGateway.Reply approved =
        app.postJson("/api/admin/users/" + employeeId + "/approve", "{}", admin);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static RunningGateway.Reply checkIn(String key) {
    return app.postMultipart(
        "/api/attendance/check-in",
        new Multipart()
            .file("image", "selfie.jpg", SharedFaces.read("people/angelina_jolie/2.jpg"))
            .field("device", "android")
            .field("deviceId", "rush-phone")
            .field("latitude", "24.86")
            .field("longitude", "67.00"),
        employee,
        key);
  }

  @Test
  void aFullQueueAnswersOverloadedAtOnceAndTheRetrySucceeds() throws Exception {
    FaceAdmission admission = app.platform.faceAdmission();
    assertThat(admission.concurrency()).isEqualTo(1);
    assertThat(admission.queue()).isZero();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // another request's face work holds the only slot
    CompletableFuture<Void> busy =
        CompletableFuture.runAsync(
            () ->
                admission.run(
                    () -> {
                      holding.countDown();
                      try {
                        return release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                    }));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    long punches = db.fetchCount(ATTENDANCE_PUNCHES);
    long attempts = db.fetchCount(ATTENDANCE_ATTEMPTS);
    long answers = db.fetchCount(IDEMPOTENT_REQUESTS);
    RunningGateway.Reply refused;
    long started = System.nanoTime();
    try {
      refused = checkIn("rush-key-1");
    } finally {
      release.countDown();
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    busy.get(30, TimeUnit.SECONDS);

    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.json().get("success").asBoolean()).isFalse();
    assertThat(refused.json().get("error").get("code").asText()).isEqualTo("overloaded");
    assertThat(refused.raw().headers().firstValue("retry-after")).hasValue("1");
    assertThat(tookMs).as("answered at once, not after waiting for the slot").isLessThan(5_000);
    // nothing half-done: no punch, no refused attempt, no stored answer for the key
    assertThat(db.fetchCount(ATTENDANCE_PUNCHES)).isEqualTo(punches);
    assertThat(db.fetchCount(ATTENDANCE_ATTEMPTS)).isEqualTo(attempts);
    assertThat(db.fetchCount(IDEMPOTENT_REQUESTS)).isEqualTo(answers);

    RunningGateway.Reply retried = checkIn("rush-key-1");
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().get("verified").asBoolean()).isTrue();
    assertThat(db.fetchCount(ATTENDANCE_PUNCHES)).isEqualTo(punches + 1);
    assertThat(admission.inFlight()).isZero();
  }
}
