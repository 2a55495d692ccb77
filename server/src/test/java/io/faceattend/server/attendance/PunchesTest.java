package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.IDEMPOTENT_REQUESTS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.types.UserStatus;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.client.InProcessFaceEngineClient;
import io.faceattend.face.grpc.TemplateResolver;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.enrollment.DuplicateFinder;
import io.faceattend.server.enrollment.EnrollmentReview;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.enrollment.Templates;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.security.TemplateCipher;
import io.faceattend.server.sites.Sites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enrolment, approval and punches at the domain level, with the real face engine and real photos
 * (../shared/faces): the same person is accepted once per request id, anybody else is refused and
 * the refusal recorded, the day's order holds, a photo serves one punch.
 */
class PunchesTest {

  private static FaceEngine engine;
  private static InProcessFaceEngineClient client;

  private DSLContext db;
  private MutableClock clock;
  private Punches punches;
  private Caller ana;

  @BeforeAll
  static void startEngine() {
    engine = FaceEngine.fromEnvironment();
    client = new InProcessFaceEngineClient(engine, TemplateResolver.NONE);
  }

  @AfterAll
  static void stopEngine() throws Exception {
    client.close();
    engine.close();
  }

  static byte[] photo(String relative) {
    String shared = System.getProperty("faceattend.shared.dir", "../../shared");
    try {
      return Files.readAllBytes(Path.of(shared, "faces", relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Punches.ResponseCodec<String> CODEC = LocalTimeCodec.INSTANCE;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    // Tuesday 2026-03-03 09:00 UTC
    clock = new MutableClock(Instant.parse("2026-03-03T09:00:00Z"));
    AuditLog audit = new AuditLog();
    TemplateCipher cipher = new TemplateCipher(new byte[32]);
    FaceGate faces = new FaceGate(client, FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD);
    punches =
        new Punches(
            Store.of(db, clock),
            faces,
            new Templates(Store.of(db, Clock.systemUTC()), cipher),
            new Sites(db),
            new Schedules(db),
            new AttendanceRules(ZoneOffset.UTC, false, 50, Duration.ofHours(24)));
    long adminId = user("root", "admin", UserStatus.ACTIVE);
    long anaId = user("ana", "employee", UserStatus.FIRST_LOGIN);
    Caller admin = new Caller(adminId, Role.ROLE_ADMIN, null);

    // enrolment with two photos of one person, then approval
    Enrollments enrollments =
        new Enrollments(new Store(db, audit, clock), faces, cipher, DuplicateFinder.NONE, "1");
    Caller firstLogin =
        new Caller(anaId, null, Role.ROLE_EMPLOYEE, UserStatus.FIRST_LOGIN, "10.0.0.9", null);
    enrollments.enroll(
        firstLogin,
        List.of(photo("people/angelina_jolie/1.jpg"), photo("people/angelina_jolie/5.jpg")),
        DevicePlatform.DEVICE_PLATFORM_IOS,
        "iphone",
        "10.0.0.9",
        null);
    assertThat(status(anaId)).isEqualTo(UserStatus.PENDING);
    new EnrollmentReview(new Store(db, audit, clock), cipher).approve(admin, anaId, false);
    assertThat(status(anaId)).isEqualTo(UserStatus.ACTIVE);
    assertThat(db.fetchCount(FACE_TEMPLATES, FACE_TEMPLATES.USER_ID.eq(anaId))).isEqualTo(2);
    ana = new Caller(anaId, null, Role.ROLE_EMPLOYEE, UserStatus.ACTIVE, "10.0.0.9", null);
  }

  private long user(String username, String role, UserStatus status) {
    return TestUsers.insert(db, username, role, status);
  }

  private UserStatus status(long userId) {
    return db.select(USERS.STATUS).from(USERS).where(USERS.ID.eq(userId)).fetchOne(USERS.STATUS);
  }

  private static PunchRequest punch(PunchRequest.PunchKind kind, String photo, String requestId) {
    return new PunchRequest(
        kind,
        photo(photo),
        DevicePlatform.DEVICE_PLATFORM_ANDROID,
        "pixel",
        24.86,
        67.00,
        null,
        requestId,
        null,
        null);
  }

  private int punchRows() {
    return db.fetchCount(ATTENDANCE_PUNCHES, ATTENDANCE_PUNCHES.USER_ID.eq(ana.userId()));
  }

  @Test
  void theSamePersonChecksInOncePerRequestId() {
    PunchRequest in = punch(PunchRequest.PunchKind.CHECK_IN, "people/angelina_jolie/2.jpg", "r-1");
    String first = punches.punch(ana, in, "10.0.0.9", CODEC);
    assertThat(first).startsWith("2026-03-03T09:00");
    // a retry after a lost answer gets the same answer and makes no second punch
    clock.advance(Duration.ofSeconds(20));
    assertThat(punches.punch(ana, in, "10.0.0.9", CODEC)).isEqualTo(first);
    assertThat(punchRows()).isOne();
    // a new request for the same day is refused
    assertCode(
        () ->
            punches.punch(
                ana,
                punch(PunchRequest.PunchKind.CHECK_IN, "people/angelina_jolie/3.jpg", "r-2"),
                "10.0.0.9",
                CODEC),
        ErrorCode.ALREADY_CHECKED_IN);

    clock.advance(Duration.ofHours(8));
    punches.punch(
        ana,
        punch(PunchRequest.PunchKind.CHECK_OUT, "people/angelina_jolie/4.jpg", "r-3"),
        "10.0.0.9",
        CODEC);
    assertThat(punchRows()).isEqualTo(2);
  }

  @Test
  void concurrentCopiesOfOneRequestMakeOnePunchOneEventAndOneAnswer() throws Exception {
    Punches withEvents = withEvents();
    PunchRequest in = punch(PunchRequest.PunchKind.CHECK_IN, "people/angelina_jolie/2.jpg", "c-1");
    int copies = 4;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(copies);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return withEvents.punch(ana, in, "10.0.0.9", CODEC);
                }));
      }
      go.countDown();
      String first = answers.get(0).get();
      for (Future<String> answer : answers) {
        assertThat(answer.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(punchRows()).isOne();
    assertThat(events(EventTypes.CHECK_IN)).isOne();
    assertThat(
            db.fetchCount(
                IDEMPOTENT_REQUESTS,
                IDEMPOTENT_REQUESTS.USER_ID.eq(ana.userId()),
                IDEMPOTENT_REQUESTS.REQUEST_KEY.eq("c-1")))
        .isOne();
    assertThat(db.fetchCount(ATTENDANCE_ATTEMPTS)).isZero();
  }

  @Test
  void aKeyUsedForACheckInIsAConflictForACheckOutAndChangesNothing() {
    Punches withEvents = withEvents();
    withEvents.punch(
        ana,
        punch(PunchRequest.PunchKind.CHECK_IN, "people/angelina_jolie/2.jpg", "k-1"),
        "10.0.0.9",
        CODEC);
    clock.advance(Duration.ofHours(8));
    assertCode(
        () ->
            withEvents.punch(
                ana,
                punch(PunchRequest.PunchKind.CHECK_OUT, "people/angelina_jolie/3.jpg", "k-1"),
                "10.0.0.9",
                CODEC),
        ErrorCode.CONFLICT);
    assertThat(punchRows()).isOne();
    assertThat(events(EventTypes.CHECK_IN)).isOne();
    assertThat(events(EventTypes.CHECK_OUT)).isZero();
    // without a key the punch, its event and nothing else are written
    withEvents.punch(
        ana,
        punch(PunchRequest.PunchKind.CHECK_OUT, "people/angelina_jolie/3.jpg", null),
        "10.0.0.9",
        CODEC);
    assertThat(punchRows()).isEqualTo(2);
    assertThat(events(EventTypes.CHECK_OUT)).isOne();
    assertThat(db.fetchCount(IDEMPOTENT_REQUESTS)).isOne();
  }

  private Punches withEvents() {
    TemplateCipher cipher = new TemplateCipher(new byte[32]);
    return new Punches(
        new Store(db, new AuditLog(new Events(clock)), clock),
        new FaceGate(client, FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD),
        new Templates(Store.of(db, Clock.systemUTC()), cipher),
        new Sites(db),
        new Schedules(db),
        new AttendanceRules(ZoneOffset.UTC, false, 50, Duration.ofHours(24)));
  }

  private int events(String type) {
    return db.fetchCount(
        OUTBOX_EVENTS,
        OUTBOX_EVENTS.EVENT_TYPE.eq(type),
        OUTBOX_EVENTS.SUBJECT_USER_ID.eq(ana.userId()));
  }

  @Test
  void anotherPersonsFaceIsRefusedAndTheRefusalRecorded() {
    assertCode(
        () ->
            punches.punch(
                ana,
                punch(PunchRequest.PunchKind.CHECK_IN, "people/katy_perry/1.jpg", "x-1"),
                "10.0.0.9",
                CODEC),
        ErrorCode.FACE_MISMATCH);
    assertThat(punchRows()).isZero();
    var attempt =
        db.select(ATTENDANCE_ATTEMPTS.REASON, ATTENDANCE_ATTEMPTS.SIMILARITY)
            .from(ATTENDANCE_ATTEMPTS)
            .where(ATTENDANCE_ATTEMPTS.USER_ID.eq(ana.userId()))
            .fetchSingle();
    assertThat(attempt.value1()).isEqualTo("face_mismatch");
    assertThat(attempt.value2()).isLessThan(FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD);
  }

  @Test
  void theDaysOrderHoldsAndAPhotoServesOnePunch() {
    assertCode(
        () ->
            punches.punch(
                ana,
                punch(PunchRequest.PunchKind.CHECK_OUT, "people/angelina_jolie/2.jpg", null),
                "10.0.0.9",
                CODEC),
        ErrorCode.NOT_CHECKED_IN);
    punches.punch(
        ana,
        punch(PunchRequest.PunchKind.CHECK_IN, "people/angelina_jolie/2.jpg", null),
        "10.0.0.9",
        CODEC);
    clock.advance(Duration.ofHours(8));
    // the check-in's photo again is a replay
    assertCode(
        () ->
            punches.punch(
                ana,
                punch(PunchRequest.PunchKind.CHECK_OUT, "people/angelina_jolie/2.jpg", null),
                "10.0.0.9",
                CODEC),
        ErrorCode.IMAGE_REUSED);
    assertThat(punchRows()).isOne();
    // bad input is refused before anything is looked at
    assertCode(
        () ->
            punches.punch(
                ana,
                new PunchRequest(
                    PunchRequest.PunchKind.CHECK_OUT,
                    photo("people/angelina_jolie/3.jpg"),
                    DevicePlatform.DEVICE_PLATFORM_ANDROID,
                    "pixel",
                    null,
                    67.0,
                    null,
                    null,
                    null,
                    null),
                "10.0.0.9",
                CODEC),
        ErrorCode.MISSING_FIELD);
  }

  @Test
  void aPendingOrBlockedAccountMayNotPunch() {
    PunchRequest in = punch(PunchRequest.PunchKind.CHECK_IN, "people/angelina_jolie/2.jpg", null);
    Caller pending =
        new Caller(ana.userId(), null, Role.ROLE_EMPLOYEE, UserStatus.PENDING, null, null);
    Caller blocked =
        new Caller(ana.userId(), null, Role.ROLE_EMPLOYEE, UserStatus.BLOCKED, null, null);
    assertCode(() -> punches.punch(pending, in, null, CODEC), ErrorCode.ACCOUNT_PENDING);
    assertCode(() -> punches.punch(blocked, in, null, CODEC), ErrorCode.ACCOUNT_BLOCKED);
    assertThat(punchRows()).isZero();
  }
}
