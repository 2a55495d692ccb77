package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.MISSED_CHECK_INS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import io.faceattend.db.jooq.Tables;
import io.faceattend.server.MutableClock;
import io.faceattend.server.events.EventTypes;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Events out, end to end over REST with real photos, a real PostgreSQL, a real HTTP receiver on
 * 127.0.0.1 and a real SMTP server (GreenMail): signed webhooks, retries while the receiver is
 * down, delivery after a restart, the delivery log, the approval e-mail, a missed check-in found
 * once by two nodes, the live dashboard. Steps share one person and move the clock, so they run in
 * order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsOutTest {

  // Thursday 2027-01-14 09:02 in Karachi (UTC+5): after the accounts' real creation date, so they
  // count as joined
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2027-01-14T04:02:00Z"));
  private static final String SECRET = "whsec-test-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static GreenMail smtp;
  private static WebhookReceiver receiver;
  private static Path dataDir;
  private static RunningGateway app;
  private static long employeeId;
  private static String employee;
  private static String admin;
  private static long webhookId;

  private static Map<String, String> environment(boolean jobs) {
    Map<String, String> env = new HashMap<>();
    env.put("FACEATTEND_TIME_ZONE", "Asia/Karachi");
    // every node of one installation shares its keys (tokens, sealed secrets)
    env.put("FACEATTEND_JWT_SECRET", "events-out-test-jwt-secret-0123456789");
    env.put("FACEATTEND_TEMPLATE_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("FACEATTEND_EVENTS_POLL_INTERVAL", "PT0.1S");
    env.put("FACEATTEND_WEBHOOK_TIMEOUT", "PT2S");
    env.put("FACEATTEND_WEBHOOK_LEASE", "PT5S");
    env.put("FACEATTEND_WEBHOOK_RETRY_BASE", "PT0.2S");
    env.put("FACEATTEND_WEBHOOK_RETRY_MAX", "PT0.5S");
    env.put("FACEATTEND_SMTP_HOST", "127.0.0.1");
    env.put("FACEATTEND_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
    env.put("FACEATTEND_SMTP_FROM", "FaceAttend <attendance@faceattend.test>");
    env.put("FACEATTEND_SMTP_STARTTLS", "false");
    env.put("FACEATTEND_JOBS_ENABLED", Boolean.toString(jobs));
    env.put("FACEATTEND_MISSED_CHECK_IN_INTERVAL", "PT0.5S");
    env.put("FACEATTEND_SCHEDULER_POLL_INTERVAL", "PT0.2S");
    env.put("FACEATTEND_DAILY_SUMMARY_AT", "09:05");
    return env;
  }

  @BeforeAll
  static void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    receiver = new WebhookReceiver();
    dataDir = RunningGateway.newDataDirectory();
    app = new RunningGateway(CLOCK, dataDir, environment(true));
    employeeId = app.createUser("pupil01", "pupil-pass-123", "employee");
    app.createUser("head", "head-pass-123", "admin");
    app.createUser("lead", "lead-pass-123", "manager");
    signIn();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    receiver.close();
    smtp.stop();
  }

  private static void signIn() {
    employee = app.login("pupil01", "pupil-pass-123");
    admin = app.login("head", "head-pass-123");
    manager = app.login("lead", "lead-pass-123");
  }

  private static String manager;

  /** A client of GET /api/events/stream: the events it has read so far, in order. */
  private static final class LiveFeed implements AutoCloseable {
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;

    LiveFeed(String token, String filter) {
      HttpRequest request =
          HttpRequest.newBuilder(app.uri("/api/events/stream?events=" + filter))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "text/event-stream")
              .build();
      response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
      response.thenAccept(
          r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse(""))
                .startsWith("text/event-stream");
            // SSE: "data:" lines carry the webhook body; a blank line ends an event
            new Thread(
                    () ->
                        r.body()
                            .filter(line -> line.startsWith("data:"))
                            .forEach(line -> events.add(json(line.substring(5).strip()))))
                .start();
          });
    }

    JsonNode next() throws InterruptedException {
      JsonNode event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event on the live feed");
      }
      return event;
    }

    @Override
    public void close() {
      response.thenAccept(r -> r.body().close());
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int punches;

  /** A fresh photo for each punch (a photo already used for a punch is refused as image_reused). */
  private static Multipart punch() {
    String photo = List.of("2.jpg", "3.jpg", "4.jpg").get(punches++ % 3);
    return new Multipart()
        .file("image", "selfie.jpg", SharedFaces.read("people/angelina_jolie/" + photo))
        .field("device", "android")
        .field("deviceId", "pixel-8-abc")
        .field("latitude", "24.8610")
        .field("longitude", "67.0013");
  }

  private static List<MimeMessage> mailTo(String address, String subjectStart) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equals(address))
                    && m.getSubject().startsWith(subjectStart);
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** The webhook requests received for one event type. */
  private static List<WebhookReceiver.Received> receivedOf(String type) {
    return receiver.received().stream()
        .filter(r -> json(r.body()).path("event").asText().equals(type))
        .toList();
  }

  private static JsonNode json(String body) {
    return json(body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(byte[] body) {
    try {
      return RunningGateway.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documented scheme, computed here independently of the server's code. */
  private static String expectedSignature(String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static JsonNode deliveries() {
    RunningGateway.Reply reply = app.get("/api/admin/webhooks/" + webhookId + "/deliveries", admin);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("deliveries");
  }

  @Test
  @Order(1)
  void adminSubscribesAWebhookAndBadInputIsRefused() {
    RunningGateway.Reply bad =
        app.postJson(
            "/api/admin/webhooks",
            "{\"url\":\""
                + receiver.url()
                + "\",\"secret\":\""
                + SECRET
                + "\",\"events\":[\"attendance.teleported\"]}",
            admin);
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_argument");
    RunningGateway.Reply shortSecret =
        app.postJson(
            "/api/admin/webhooks",
            "{\"url\":\""
                + receiver.url()
                + "\",\"secret\":\"short\",\"events\":[\"attendance.check_in\"]}",
            admin);
    assertThat(shortSecret.status()).isEqualTo(400);
    assertThat(
            app.postJson(
                    "/api/admin/webhooks",
                    "{\"url\":\""
                        + receiver.url()
                        + "\",\"secret\":\""
                        + SECRET
                        + "\",\"events\":[\"attendance.check_in\"]}",
                    employee)
                .status())
        .isEqualTo(403);

    RunningGateway.Reply created =
        app.postJson(
            "/api/admin/webhooks",
            "{\"url\":\""
                + receiver.url()
                + "\",\"secret\":\""
                + SECRET
                + "\",\"events\":[\"attendance.check_in\",\"attendance.check_out\","
                + "\"enrollment.approved\"]}",
            admin);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    JsonNode webhook = created.json().get("webhook");
    webhookId = webhook.get("id").asLong();
    assertThat(webhook.get("url").asText()).isEqualTo(receiver.url());
    // the secret is never given back
    assertThat(created.body()).doesNotContain(SECRET);
    RunningGateway.Reply list = app.get("/api/admin/webhooks", admin);
    assertThat(list.json().get("webhooks")).hasSize(1);
    assertThat(list.body()).doesNotContain(SECRET);
    assertThat(
            app.platform
                .database()
                .dsl()
                .fetchCount(Tables.AUDIT_LOG, Tables.AUDIT_LOG.ACTION.eq("webhook.create")))
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void approvalEmailsThePersonAndIsDeliveredAsAnEvent() {
    RunningGateway.Reply site =
        app.postJson(
            "/api/admin/sites",
            "{\"name\":\"School\",\"time_zone\":\"Asia/Karachi\","
                + "\"center\":{\"latitude\":24.8607,\"longitude\":67.0011},\"radius_m\":150}",
            admin);
    long siteId = site.json().get("site").get("id").asLong();
    app.postJson(
        "/api/admin/sites/" + siteId + "/members", "{\"user_ids\":[" + employeeId + "]}", admin);
    RunningGateway.Reply schedule =
        app.put(
            "/api/admin/users/" + employeeId + "/schedule",
            "{\"working_days\":[1,2,3,4,5],\"start_time\":\"09:00\",\"end_time\":\"17:00\",\"grace_minutes\":5}",
            admin);
    assertThat(schedule.status()).as(schedule.body()).isEqualTo(200);
    RunningGateway.Reply enrolled =
        app.postMultipart(
            "/api/face/enroll",
            new Multipart()
                .file("image", "a.jpg", SharedFaces.read("people/angelina_jolie/1.jpg"))
                .file("image", "b.jpg", SharedFaces.read("people/angelina_jolie/5.jpg"))
                .field("device", "ios")
                .field("deviceId", "iphone-15-xyz"),
            employee,
            null);
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);

    RunningGateway.Reply approved =
        app.postJson("/api/admin/users/" + employeeId + "/approve", "{}", admin);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);

    await(
        "the approval e-mail",
        () -> !mailTo("pupil01@company.com", "Your face enrolment was approved").isEmpty());
    await(
        "the enrollment.approved webhook",
        () -> !receivedOf(EventTypes.ENROLLMENT_APPROVED).isEmpty());
    // enrollment.submitted is not subscribed: not sent
    assertThat(receivedOf(EventTypes.ENROLLMENT_SUBMITTED)).isEmpty();
  }

  @Test
  @Order(3)
  void aCheckInIsASignedEventAndCountsAtOnceOnTheDashboard() throws Exception {
    RunningGateway.Reply before = app.get("/api/reports/realtime", admin);
    assertThat(before.status()).as(before.body()).isEqualTo(200);
    assertThat(before.json().get("today_attendance").asInt()).isZero();
    assertThat(before.json().get("peak_hour").isNull()).isTrue();

    RunningGateway.Reply in =
        app.postMultipart("/api/attendance/check-in", punch(), employee, null);
    assertThat(in.status()).as(in.body()).isEqualTo(200);

    // the dashboard reads the database: no waiting
    RunningGateway.Reply live = app.get("/api/reports/realtime", admin);
    assertThat(live.status()).as(live.body()).isEqualTo(200);
    JsonNode now = live.json();
    assertThat(now.get("success").asBoolean()).isTrue();
    assertThat(now.get("current_occupancy").asInt()).isEqualTo(1);
    assertThat(now.get("today_attendance").asInt()).isEqualTo(1);
    // the pupil by their schedule, the admin and the manager: no schedule means Monday to Friday
    // (the reports' rule)
    assertThat(now.get("expected_today").asInt()).isEqualTo(3);
    assertThat(now.get("late_today").asInt()).isZero();
    assertThat(now.get("peak_hour").asText()).isEqualTo("09:00");
    assertThat(now.get("avg_processing_ms").asDouble()).isPositive();
    assertThat(now.get("camera_status").get("online").asInt()).isZero();
    assertThat(now.get("system_health").get("database").asText()).isEqualTo("healthy");
    assertThat(app.get("/api/reports/realtime", employee).status()).isEqualTo(403);

    await("the check-in webhook", () -> !receivedOf(EventTypes.CHECK_IN).isEmpty());
    WebhookReceiver.Received hook = receivedOf(EventTypes.CHECK_IN).get(0);
    String timestamp = hook.headers().get("faceattend-timestamp");
    assertThat(Long.parseLong(timestamp))
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
    assertThat(hook.headers().get("faceattend-signature"))
        .isEqualTo(expectedSignature(timestamp, hook.body()));
    // a tampered body does not verify
    byte[] tampered =
        new String(hook.body(), StandardCharsets.UTF_8)
            .replace("check_in", "check_out")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(hook.headers().get("faceattend-signature"))
        .isNotEqualTo(expectedSignature(timestamp, tampered));
    JsonNode body = RunningGateway.JSON.readTree(hook.body());
    assertThat(body.get("id").asText()).isEqualTo(hook.headers().get("faceattend-event-id"));
    assertThat(body.get("event").asText()).isEqualTo("attendance.check_in");
    assertThat(body.get("created_at").asText()).isEqualTo("2027-01-14T04:02:00Z");
    assertThat(body.get("data").get("user_id").asLong()).isEqualTo(employeeId);
    assertThat(body.get("data").get("work_date").asText()).isEqualTo("2027-01-14");
  }

  @Test
  @Order(4)
  void withTheReceiverDownTheEventIsRetriedAndArrivesWhenItComesBack() throws Exception {
    receiver.stop();
    CLOCK.advance(Duration.ofHours(8));
    signIn();
    LiveFeed adminFeed = new LiveFeed(admin, "attendance.check_out");
    LiveFeed managerFeed = new LiveFeed(manager, "attendance.check_out,attendance.check_in");
    assertThat(adminFeed.next().get("event").asText()).isEqualTo("feed.started");
    assertThat(managerFeed.next().get("event").asText()).isEqualTo("feed.started");
    RunningGateway.Reply out =
        app.postMultipart("/api/attendance/check-out", punch(), employee, null);
    assertThat(out.status()).as(out.body()).isEqualTo(200);
    // the live feed has it at once, with the receiver down, in the webhook body's shape
    JsonNode live = adminFeed.next();
    assertThat(live.get("event").asText()).isEqualTo("attendance.check_out");
    assertThat(live.get("data").get("user_id").asLong()).isEqualTo(employeeId);
    assertThat(live.get("id").asText()).isNotBlank();
    adminFeed.close();
    // a slow or absent receiver does not hold the punch: the event waits in the outbox and the
    // delivery queue
    await(
        "two failed attempts",
        () -> {
          JsonNode latest = deliveries().get(0);
          return latest.get("event").asText().equals("attendance.check_out")
              && latest.get("attempt_log").size() >= 2;
        });
    assertThat(receivedOf(EventTypes.CHECK_OUT)).isEmpty();

    // a manager sees only their groups' people: the pupil is in none of the lead's
    assertThat(managerFeed.events).isEmpty();
    managerFeed.close();
    // refused feeds get the usual JSON errors
    assertThat(app.get("/api/events/stream", employee).status()).isEqualTo(403);
    assertThat(app.get("/api/events/stream", null).status()).isEqualTo(401);
    RunningGateway.Reply unknown = app.get("/api/events/stream?events=attendance.nap", admin);
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    assertThat(unknown.json().get("error").get("code").asText()).isEqualTo("invalid_argument");

    receiver.start();
    await("the check-out webhook", () -> !receivedOf(EventTypes.CHECK_OUT).isEmpty());
    await(
        "the delivery marked delivered",
        () -> deliveries().get(0).get("status").asText().equals("delivered"));

    JsonNode delivery = deliveries().get(0);
    JsonNode attempts = delivery.get("attempt_log");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(attempts.size());
    for (int i = 0; i < attempts.size() - 1; i++) {
      JsonNode failed = attempts.get(i);
      assertThat(failed.get("succeeded").asBoolean()).isFalse();
      assertThat(failed.get("status_code").isNull()).isTrue();
      assertThat(failed.get("error").asText()).isNotBlank();
      assertThat(failed.get("attempted_at").asText()).isNotBlank();
    }
    JsonNode last = attempts.get(attempts.size() - 1);
    assertThat(last.get("succeeded").asBoolean()).isTrue();
    assertThat(last.get("status_code").asInt()).isEqualTo(204);
    assertThat(last.get("latency_ms").asInt()).isGreaterThanOrEqualTo(0);
    assertThat(last.get("error").isNull()).isTrue();
    assertThat(delivery.get("event_id").asText())
        .isEqualTo(receivedOf(EventTypes.CHECK_OUT).get(0).headers().get("faceattend-event-id"));

    // and an admin can send it again
    long deliveryId = delivery.get("id").asLong();
    RunningGateway.Reply again =
        app.postJson(
            "/api/admin/webhooks/" + webhookId + "/deliveries/" + deliveryId + "/redeliver",
            "{}",
            admin);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    await("the redelivery", () -> receivedOf(EventTypes.CHECK_OUT).size() == 2);
    assertThat(receivedOf(EventTypes.CHECK_OUT).get(1).headers().get("faceattend-event-id"))
        .isEqualTo(delivery.get("event_id").asText());
    assertThat(
            app.postJson(
                    "/api/admin/webhooks/" + webhookId + "/deliveries/999999/redeliver",
                    "{}",
                    admin)
                .status())
        .isEqualTo(404);
  }

  @Test
  @Order(5)
  void aServerStoppedBeforeDispatchDeliversAfterRestart() throws Exception {
    // the next morning, on a node whose dispatcher is off: the punch commits its event, nothing is
    // sent
    app.close();
    CLOCK.advance(Duration.ofHours(16).minusMinutes(1));
    app = new RunningGateway(CLOCK, dataDir, environment(false));
    signIn();
    RunningGateway.Reply in =
        app.postMultipart("/api/attendance/check-in", punch(), employee, null);
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(
            app.platform
                .database()
                .dsl()
                .fetchCount(
                    OUTBOX_EVENTS,
                    OUTBOX_EVENTS
                        .FANNED_OUT_AT
                        .isNull()
                        .and(OUTBOX_EVENTS.EVENT_TYPE.eq(EventTypes.CHECK_IN))))
        .isEqualTo(1);
    app.close();
    assertThat(receivedOf(EventTypes.CHECK_IN)).hasSize(1);

    // a new platform on the same database sends it
    app = new RunningGateway(CLOCK, dataDir, environment(true));
    signIn();
    await("the second day's check-in webhook", () -> receivedOf(EventTypes.CHECK_IN).size() == 2);
    JsonNode body = RunningGateway.JSON.readTree(receivedOf(EventTypes.CHECK_IN).get(1).body());
    assertThat(body.get("data").get("work_date").asText()).isEqualTo("2027-01-15");
  }

  @Test
  @Order(6)
  void aMissedCheckInIsAnEventAndOneEmailEvenWithTwoNodes() throws Exception {
    RunningGateway.Reply contact =
        app.postJson(
            "/api/admin/users/" + employeeId + "/contacts",
            "{\"name\":\"Parent of pupil\",\"email\":\"parent@family.test\",\"language\":\"fr\"}",
            admin);
    assertThat(contact.status()).as(contact.body()).isEqualTo(200);
    RunningGateway.Reply hook =
        app.put(
            "/api/admin/webhooks/" + webhookId,
            "{\"events\":[\"attendance.missed_check_in\"]}",
            admin);
    assertThat(hook.status()).as(hook.body()).isEqualTo(200);
    // the lead now manages the pupil's class: from now on they get its daily summary
    RunningGateway.Reply dept =
        app.postJson("/api/admin/departments", "{\"name\":\"Class 4B\",\"kind\":\"class\"}", admin);
    assertThat(dept.status()).as(dept.body()).isEqualTo(200);
    long deptId = dept.json().get("department").get("id").asLong();
    long leadId =
        app.get("/api/admin/users?search=lead", admin)
            .json()
            .get("results")
            .get(0)
            .get("id")
            .asLong();
    assertThat(
            app.put(
                    "/api/admin/departments/" + deptId + "/managers",
                    "{\"user_ids\":[" + leadId + "]}",
                    admin)
                .status())
        .isEqualTo(200);
    assertThat(
            app.postJson(
                    "/api/admin/departments/" + deptId + "/members",
                    "{\"user_ids\":[" + employeeId + "]}",
                    admin)
                .status())
        .isEqualTo(200);

    // a second node on the same database, its scheduler running too
    HikariDataSource pool = (HikariDataSource) app.platform.database().dataSource();
    Map<String, String> second = environment(true);
    second.put("FACEATTEND_DATABASE_URL", pool.getJdbcUrl());
    second.put("FACEATTEND_DATABASE_USER", pool.getUsername());
    second.put("FACEATTEND_DATABASE_PASSWORD", pool.getPassword());
    try (RunningGateway node2 =
        new RunningGateway(CLOCK, RunningGateway.newDataDirectory(), second)) {
      // Monday 2027-01-18 09:10: after 09:00 + 5 minutes' grace, no check-in
      CLOCK.advance(Duration.ofDays(3).plusMinutes(9));
      await(
          "the missed check-in e-mail",
          () -> !mailTo("pupil01@company.com", "Missed check-in").isEmpty());
      await(
          "the guardian's e-mail",
          () -> !mailTo("parent@family.test", "Pointage manquant").isEmpty());
      await("the missed check-in webhook", () -> !receivedOf(EventTypes.MISSED_CHECK_IN).isEmpty());
      // past 09:05 the lead's daily summary goes out too
      await(
          "the lead's daily summary",
          () -> !mailTo("lead@company.com", "Attendance on 2027-01-18").isEmpty());
      // both nodes look again, at the same time, and the schedulers keep running for a while
      CompletableFuture<Integer> one =
          CompletableFuture.supplyAsync(() -> app.platform.events().missedCheckIns().detect());
      CompletableFuture<Integer> two =
          CompletableFuture.supplyAsync(() -> node2.platform.events().missedCheckIns().detect());
      assertThat(one.get() + two.get()).isZero();
      Thread.sleep(1500);
    }
    var db = app.platform.database().dsl();
    assertThat(db.fetchCount(MISSED_CHECK_INS)).isEqualTo(1);
    assertThat(
            db.fetchCount(OUTBOX_EVENTS, OUTBOX_EVENTS.EVENT_TYPE.eq(EventTypes.MISSED_CHECK_IN)))
        .isEqualTo(1);
    assertThat(mailTo("pupil01@company.com", "Missed check-in")).hasSize(1);
    assertThat(mailTo("parent@family.test", "Pointage manquant")).hasSize(1);
    assertThat(receivedOf(EventTypes.MISSED_CHECK_IN)).hasSize(1);
    // one summary, whichever node ran it: the pupil absent, the lead's own day not counted
    List<MimeMessage> summary = mailTo("lead@company.com", "Attendance on 2027-01-18");
    assertThat(summary).hasSize(1);
    assertThat(summary.get(0).getSubject()).isEqualTo("Attendance on 2027-01-18: 1 absent of 1");
    assertThat(summary.get(0).getContent().toString()).contains("Absent: Name of pupil01");
    JsonNode data =
        RunningGateway.JSON
            .readTree(receivedOf(EventTypes.MISSED_CHECK_IN).get(0).body())
            .get("data");
    assertThat(data.get("work_date").asText()).isEqualTo("2027-01-18");
    assertThat(data.get("expected_at").asText()).isEqualTo("09:05");
    assertThat(mailTo("pupil01@company.com", "Missed check-in").get(0).getContent().toString())
        .contains("09:05");
  }
}
