package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.CAMERAS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.identification.IdentificationSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real video stream on loopback (MJPEG over HTTP made from real photographs, {@link MjpegServer})
 * read by the real ingest worker (FFmpeg), the real face engine and a real PostgreSQL: a person
 * enrolled from other photos walks past an entry camera and is logged and checked in; a person
 * never enrolled walks past and is not logged; the stream stops and the camera goes offline (and a
 * camera.offline event is recorded); the stream drops and comes back, sends corrupt data, and the
 * worker recovers each time without leaking threads or memory.
 *
 * <p>RTSP is not tested: no RTSP server is installable here (Debian has no mediamtx, and FFmpeg
 * cannot serve RTSP itself); the worker opens rtsp:// URLs through the same FFmpeg path, over TCP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CameraIngestTest {

  private static RunningGateway app;
  private static MjpegServer camera;
  private static String admin;
  private static long katy;
  private static long siteId;
  private static List<String> threadsOnline;

  @BeforeAll
  static void start() {
    app =
        new RunningGateway(
            Clock.systemUTC(),
            Map.of("FACEATTEND_CAMERA_RECONNECT_MAX", "PT2S"),
            IdentificationSettings.fromEnvironment());
    app.createUser("boss", "boss-pass-123", "admin");
    admin = app.login("boss", "boss-pass-123");

    // katy is enrolled from two photos; the camera shows her third
    katy = app.createUser("katy", "katy-pass-123", "employee");
    String token = app.login("katy", "katy-pass-123");
    Multipart form = new Multipart().field("device", "android").field("deviceId", "phone-katy");
    form.file("image", "1.jpg", SharedFaces.read("people/katy_perry/1.jpg"));
    form.file("image", "2.jpg", SharedFaces.read("people/katy_perry/2.jpg"));
    RunningGateway.Reply enrolled = app.postMultipart("/api/face/enroll", form, token, null);
    assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
    RunningGateway.Reply approved =
        app.postJson("/api/admin/users/" + katy + "/approve", "{}", admin);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);

    RunningGateway.Reply site =
        app.postJson(
            "/api/admin/sites",
            "{\"name\":\"Building A\",\"time_zone\":\"UTC\","
                + "\"center\":{\"latitude\":51.5,\"longitude\":-0.12},\"radius_m\":100}",
            admin);
    assertThat(site.status()).as(site.body()).isEqualTo(200);
    siteId = site.json().get("site").get("id").asLong();
    assertThat(
            app.postJson(
                    "/api/admin/sites/" + siteId + "/members",
                    "{\"user_ids\":[" + katy + "]}",
                    admin)
                .status())
        .isEqualTo(200);

    // an empty corridor, katy walks past, the corridor, a stranger walks past: 5 frames a second
    byte[] corridor = MjpegServer.frame("no_face/compreface_017_0_landscape.jpg");
    List<byte[]> frames = new ArrayList<>();
    frames.addAll(MjpegServer.times(corridor, 5));
    frames.addAll(MjpegServer.times(MjpegServer.frame("people/katy_perry/3.jpg"), 10));
    frames.addAll(MjpegServer.times(corridor, 20));
    frames.addAll(MjpegServer.times(MjpegServer.frame("people/elon_musk/1.jpg"), 10));
    frames.addAll(MjpegServer.times(corridor, 20));
    camera = new MjpegServer(frames, 5);
  }

  @AfterAll
  static void stop() {
    if (camera != null) {
      camera.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private static void await(String what, long timeoutMillis, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static JsonNode health() {
    RunningGateway.Reply reply = app.get("/api/admin/cameras/CAM001/health", admin);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static JsonNode logs(String query) {
    RunningGateway.Reply reply = app.get("/api/attendance/logs" + query, admin);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /**
   * Live threads by name, but the test camera's own (its HTTP handlers) and the request pools that
   * grow with the test's requests and shrink when idle (the gateway's blocking executor, Armeria's
   * event loops, the common pool).
   */
  private static List<String> nodeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            name ->
                !name.startsWith("mjpeg-server-")
                    && !name.startsWith("HTTP-Dispatcher")
                    && !name.startsWith("faceattend-blocking-")
                    && !name.startsWith("armeria-common-worker-")
                    && !name.startsWith("ForkJoinPool.commonPool-"))
        .sorted()
        .toList();
  }

  /** Threads running camera code or FFmpeg, whatever their name (but the supervisor's tick). */
  private static List<String> threadsInCameraCode() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> !e.getKey().getName().equals("camera-supervisor"))
        .filter(
            e ->
                java.util.Arrays.stream(e.getValue())
                    .anyMatch(
                        frame ->
                            frame.getClassName().startsWith("org.bytedeco.")
                                || frame
                                    .getClassName()
                                    .startsWith("io.faceattend.server.cameras.")))
        .map(e -> e.getKey().getName())
        .toList();
  }

  private static long cameraThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("camera-CAM001"))
        .count();
  }

  @Test
  @Order(1)
  void aRegisteredCameraTestsWellAndComesOnline() {
    String withCredentials = camera.url().replace("http://", "http://gate:s3cret-pass@");
    RunningGateway.Reply created =
        app.postJson(
            "/api/admin/cameras",
            "{\"id\":\"CAM001\",\"name\":\"Main Entrance\",\"location\":\"Building A\","
                + "\"stream_url\":\""
                + withCredentials
                + "\",\"site_id\":"
                + siteId
                + ",\"direction\":\"entry\",\"fps\":2}",
            admin);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    JsonNode cam = created.json().get("camera");
    assertThat(cam.get("stream_url").asText()).isEqualTo(camera.url());
    assertThat(cam.get("username").asText()).isEqualTo("gate");
    assertThat(cam.get("has_password").asBoolean()).isTrue();
    assertThat(cam.get("ip_address").asText()).isEqualTo("127.0.0.1");
    assertThat(created.body()).doesNotContain("s3cret-pass");
    // sealed at rest: the stored bytes are not the password
    byte[] stored =
        app.platform
            .database()
            .dsl()
            .select(CAMERAS.PASSWORD_CIPHERTEXT)
            .from(CAMERAS)
            .where(CAMERAS.ID.eq("CAM001"))
            .fetchSingle()
            .value1();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("s3cret-pass");
    assertThat(stored.length).isGreaterThan("s3cret-pass".length());
    assertThat(
            app.platform
                .database()
                .dsl()
                .fetchCount(
                    AUDIT_LOG,
                    AUDIT_LOG.ACTION.eq("camera.create").and(AUDIT_LOG.TARGET_ID.eq("CAM001"))))
        .isEqualTo(1);

    RunningGateway.Reply stream = app.get("/api/admin/cameras/CAM001/stream", admin);
    assertThat(stream.json().get("stream_url").asText()).isEqualTo(camera.url());
    assertThat(stream.json().get("protocol").asText()).isEqualTo("http");

    RunningGateway.Reply tested = app.postJson("/api/admin/cameras/CAM001/test", "{}", admin);
    assertThat(tested.status()).as(tested.body()).isEqualTo(200);
    assertThat(tested.json().get("success").asBoolean()).isTrue();
    assertThat(tested.json().get("resolution").asText()).isEqualTo("1280x720");
    assertThat(tested.json().get("fps").asDouble()).isBetween(2.0, 12.0); // it sends 5
    assertThat(tested.json().get("latency_ms").asLong()).isBetween(0L, 5000L);

    await("CAM001 online", 20_000, () -> "online".equals(health().get("status").asText()));
    assertThat(cameraThreads()).isEqualTo(2); // its reader and its analyser
    threadsOnline = nodeThreads();
    JsonNode listed = app.get("/api/admin/cameras", admin).json().get("results").get(0);
    assertThat(listed.get("status").asText()).isEqualTo("online");
    assertThat(listed.get("resolution").asText()).isEqualTo("1280x720");
    assertThat(listed.get("is_active").asBoolean()).isTrue();
  }

  @Test
  @Order(2)
  void theEnrolledPersonWalkingPastIsLoggedAndCheckedInTheStrangerIsNot() {
    await("katy logged", 90_000, () -> logs("?camera_id=CAM001").get("count").asLong() >= 1);
    long loopsAtLog = camera.loops();
    JsonNode entry = logs("?camera_id=CAM001").get("results").get(0);
    assertThat(entry.get("employee").get("id").asLong()).isEqualTo(katy);
    assertThat(entry.get("employee").get("name").asText()).isEqualTo("Name of katy");
    assertThat(entry.get("camera").get("id").asText()).isEqualTo("CAM001");
    assertThat(entry.get("camera").get("name").asText()).isEqualTo("Main Entrance");
    assertThat(entry.get("camera").get("location").asText()).isEqualTo("Building A");
    assertThat(entry.get("confidence").asDouble())
        .isGreaterThanOrEqualTo(IdentificationSettings.DEFAULT_THRESHOLD)
        .isLessThanOrEqualTo(1.0);
    assertThat(entry.get("verification_time").asDouble()).isBetween(0.0, 30.0);
    assertThat(entry.get("action").asText()).isEqualTo("check_in");
    // checked in by the entry camera, through the usual punch
    var punches =
        app.platform
            .database()
            .dsl()
            .selectFrom(ATTENDANCE_PUNCHES)
            .where(ATTENDANCE_PUNCHES.USER_ID.eq(katy))
            .fetch();
    assertThat(punches).hasSize(1);
    assertThat(punches.get(0).getKind()).isEqualTo("check_in");
    assertThat(punches.get(0).getDevice()).isEqualTo("camera");
    assertThat(punches.get(0).getDeviceId()).isEqualTo("camera-CAM001");
    assertThat(punches.get(0).getSiteId()).isEqualTo(siteId);

    // two more passes of the whole scene: the stranger walks past twice, katy twice more
    await("two more loops", 60_000, () -> camera.loops() >= loopsAtLog + 2);
    JsonNode all = logs("");
    assertThat(all.get("count").asLong()).as(all.toString()).isEqualTo(1);
    assertThat(health().get("frames_analysed").asLong()).isGreaterThan(20);

    // filters
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(logs("?date_from=" + today + "&date_to=" + today).get("count").asLong())
        .isEqualTo(1);
    assertThat(logs("?date_from=2020-01-01&date_to=2020-01-31").get("count").asLong()).isEqualTo(0);
    assertThat(logs("?camera_id=CAM999").get("count").asLong()).isEqualTo(0);
    assertThat(logs("?department=Nowhere").get("count").asLong()).isEqualTo(0);
    RunningGateway.Reply bad = app.get("/api/attendance/logs?date_from=yesterday", admin);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_argument");
    // katy sees her own entry
    String katyToken = app.login("katy", "katy-pass-123");
    RunningGateway.Reply own = app.get("/api/attendance/logs", katyToken);
    assertThat(own.json().get("count").asLong()).isEqualTo(1);

    JsonNode realtime = app.get("/api/reports/realtime", admin).json();
    assertThat(realtime.get("camera_status").get("online").asInt()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void theStreamStoppingTakesTheCameraOfflineWithin30Seconds() {
    camera.stop();
    long stopped = System.currentTimeMillis();
    await("CAM001 offline", 30_000, () -> "offline".equals(health().get("status").asText()));
    assertThat(System.currentTimeMillis() - stopped).isLessThan(30_000);
    JsonNode health = health();
    assertThat(health.get("error_count").asLong()).isGreaterThan(0);
    assertThat(health.get("last_error").asText()).isNotBlank();
    assertThat(health.get("uptime_seconds").asLong()).isZero();
    await(
        "a camera.offline event",
        10_000,
        () ->
            app.platform
                    .database()
                    .dsl()
                    .fetchCount(
                        OUTBOX_EVENTS, OUTBOX_EVENTS.EVENT_TYPE.eq(EventTypes.CAMERA_OFFLINE))
                == 1);
    assertThat(
            app.get("/api/reports/realtime", admin)
                .json()
                .get("camera_status")
                .get("offline")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  @Order(4)
  void theWorkerSurvivesDropsAndCorruptDataWithoutLeakingThreadsOrMemory() {
    long heapBefore = usedHeapAfterGc();
    for (int cycle = 0; cycle < 3; cycle++) {
      camera.start(); // the stream comes back on the same address
      await("back online", 20_000, () -> "online".equals(health().get("status").asText()));
      camera.stop();
      await("offline again", 30_000, () -> !"online".equals(health().get("status").asText()));
    }
    // a camera sending garbage: connected, never a frame: error (counted), the worker waits on
    camera.setCorrupt(true);
    camera.start();
    sleep(1000); // the last refused connection of the stopped phase is counted by now
    long errorsBefore = health().get("error_count").asLong();
    await(
        "an error counted on corrupt data",
        30_000,
        () -> {
          JsonNode h = health();
          return h.get("error_count").asLong() > errorsBefore
              && "error".equals(h.get("status").asText());
        });
    assertThat(camera.connections()).isGreaterThan(4);
    camera.setCorrupt(false);
    await(
        "online after corrupt data",
        30_000,
        () -> "online".equals(health().get("status").asText()));
    assertThat(cameraThreads()).isEqualTo(2);

    // memory: nothing kept per frame or per reconnection
    long heapAfter = usedHeapAfterGc();
    assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(64L << 20);

    // deleting the camera stops its threads; the node has no more threads than before it
    assertThat(app.delete("/api/admin/cameras/CAM001", admin).status()).isEqualTo(200);
    await("worker threads gone", 20_000, () -> cameraThreads() == 0);
    // the node's threads are those it had when the camera first came online, less the camera's two
    // (a small allowance for pools that grow on demand)
    List<String> now = nodeThreads();
    List<String> added = new ArrayList<>(now);
    added.removeAll(threadsOnline);
    assertThat(now.size())
        .as("threads added: " + added)
        .isLessThanOrEqualTo(threadsOnline.size() - 2 + 3);
    // its log entry outlives it, with its name as it was
    assertThat(logs("?camera_id=CAM001").get("results").get(0).get("camera").get("name").asText())
        .isEqualTo("Main Entrance");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
