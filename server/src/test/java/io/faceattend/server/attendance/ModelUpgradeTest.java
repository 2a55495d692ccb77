package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.IDENTIFICATION_CHANGES;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faceattend.db.types.UserStatus;
import io.faceattend.face.EmbeddingModel;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.client.InProcessFaceEngineClient;
import io.faceattend.face.grpc.TemplateResolver;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.GetTemplateModelReportResponse;
import io.faceattend.proto.v1.Role;
import io.faceattend.proto.v1.TemplateModelCount;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.enrollment.DuplicateFinder;
import io.faceattend.server.enrollment.EnrollmentReview;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.enrollment.TemplateModels;
import io.faceattend.server.enrollment.Templates;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.identification.Gallery;
import io.faceattend.server.identification.IdentificationIndex;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.security.TemplateCipher;
import io.faceattend.server.sites.Sites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model upgrade end to end on real photos, the real engine and PostgreSQL. The "old" model is the
 * pinned fr_feature weights with another declared preprocessing (B,G,R planes, a crop with more
 * context), whose embeddings of a face are unrelated to the current model's (cosine ~0.1). Ana
 * enrols under the old model; the deployment then switches to the shipped model, keeping the old
 * one loaded: she still checks in (old template, probe embedded by the old model), that check-in
 * adds a template of the new model, the admin report moves her off its list, and identification
 * finds her only from then on. An engine without the old model never compares her old templates.
 */
class ModelUpgradeTest {

  static final EmbeddingModel OLD =
      EmbeddingModel.parse("faceplugin-fr-feature-bgr@test;channels=bgr;crop=0.6");
  static final String CURRENT = EmbeddingModel.SHIPPED.id();

  private static FaceEngine oldEngine;
  private static FaceEngine upgradedEngine;
  private static FaceEngine bareEngine;
  private static InProcessFaceEngineClient oldClient;
  private static InProcessFaceEngineClient upgradedClient;
  private static InProcessFaceEngineClient bareClient;

  private static final Punches.ResponseCodec<String> CODEC = LocalTimeCodec.INSTANCE;

  @BeforeAll
  static void startEngines() {
    FaceEngineConfig defaults = FaceEngineConfig.fromEnvironment();
    oldEngine = new FaceEngine(defaults.withEmbeddingModels(OLD, List.of()));
    upgradedEngine =
        new FaceEngine(defaults.withEmbeddingModels(EmbeddingModel.SHIPPED, List.of(OLD)));
    bareEngine = new FaceEngine(defaults.withEmbeddingModels(EmbeddingModel.SHIPPED, List.of()));
    oldClient = new InProcessFaceEngineClient(oldEngine, TemplateResolver.NONE);
    upgradedClient = new InProcessFaceEngineClient(upgradedEngine, TemplateResolver.NONE);
    bareClient = new InProcessFaceEngineClient(bareEngine, TemplateResolver.NONE);
  }

  @AfterAll
  static void stopEngines() {
    for (InProcessFaceEngineClient client : List.of(oldClient, upgradedClient, bareClient)) {
      client.close();
    }
    for (FaceEngine engine : List.of(oldEngine, upgradedEngine, bareEngine)) {
      engine.close();
    }
  }

  private final TemplateCipher cipher = new TemplateCipher(new byte[32]);
  private final AuditLog audit = new AuditLog();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T09:00:00Z"));
  private DSLContext db;

  @Test
  void peopleMoveToTheNewModelOnTheirNextCheckIn() {
    db = TestDatabase.reset();
    long adminId = user("root", "admin", UserStatus.ACTIVE);
    Caller admin = new Caller(adminId, Role.ROLE_ADMIN, null);
    long anaId = user("ana", "employee", UserStatus.FIRST_LOGIN);
    long bobId = user("bob", "employee", UserStatus.FIRST_LOGIN);

    // before the upgrade: Ana enrols with the old model
    enrol(
        new FaceGate(oldClient, FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD),
        anaId,
        admin,
        "angelina_jolie/1.jpg",
        "angelina_jolie/5.jpg");
    assertThat(modelsOf(anaId)).containsExactly(OLD.id(), OLD.id());

    // the upgrade: the shipped model is current, the old one still loaded; Bob enrols now
    FaceGate upgraded = new FaceGate(upgradedClient, FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD);
    enrol(upgraded, bobId, admin, "katy_perry/1.jpg", "katy_perry/2.jpg");
    assertThat(modelsOf(bobId)).containsExactly(CURRENT, CURRENT);

    TemplateModels report = new TemplateModels(db, CURRENT, Set.of(CURRENT, OLD.id()));
    GetTemplateModelReportResponse before = report.report(admin, 0, 0);
    assertThat(before.getCurrentModel()).isEqualTo(CURRENT);
    assertThat(before.getPeopleOnOldModels()).isOne();
    assertThat(before.getPeople(0).getUserId()).isEqualTo(anaId);
    assertThat(before.getPeople(0).getModelsList()).containsExactly(OLD.id());
    assertThat(before.getModelsList())
        .extracting(
            TemplateModelCount::getModel,
            TemplateModelCount::getTemplates,
            TemplateModelCount::getPeople,
            TemplateModelCount::getCurrent)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CURRENT, 2L, 1L, true),
            org.assertj.core.groups.Tuple.tuple(OLD.id(), 2L, 1L, false));

    // identification uses current-model templates only: Ana is not found yet, Bob is
    byte[] anaLater = photo("angelina_jolie/3.jpg");
    float[] anaProbe = upgradedEngine.acceptFace(anaLater).embedding();
    assertThat(identified(anaProbe)).isNotEqualTo(anaId);
    assertThat(identified(upgradedEngine.acceptFace(photo("katy_perry/3.jpg")).embedding()))
        .isEqualTo(bobId);

    // an engine without the old model cannot compare her templates: never across models
    Caller ana = new Caller(anaId, null, Role.ROLE_EMPLOYEE, UserStatus.ACTIVE, "10.0.0.9", null);
    Templates bareTemplates = new Templates(new Store(db, audit, Clock.systemUTC()), cipher);
    Punches bare =
        punches(new FaceGate(bareClient, FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD), bareTemplates);
    assertCode(
        () ->
            bare.punch(
                ana,
                punch(PunchRequest.PunchKind.CHECK_IN, "angelina_jolie/2.jpg"),
                "10.0.0.9",
                CODEC),
        ErrorCode.ENROLLMENT_REQUIRED);
    assertThat(bareTemplates.skippedTemplates()).isEqualTo(2);
    assertThat(modelsOf(anaId)).containsExactly(OLD.id(), OLD.id());

    // with the old model loaded she checks in: her old templates against the probe's old-model
    // embedding, exactly the similarity the old model gives on its own
    long changesBefore =
        db.fetchCount(IDENTIFICATION_CHANGES, IDENTIFICATION_CHANGES.USER_ID.eq(anaId));
    Templates templates = new Templates(new Store(db, audit, Clock.systemUTC()), cipher);
    Punches punches = punches(upgraded, templates);
    byte[] checkInPhoto = photo("angelina_jolie/2.jpg");
    punches.punch(
        ana, punch(PunchRequest.PunchKind.CHECK_IN, "angelina_jolie/2.jpg"), "10.0.0.9", CODEC);
    float[] oldProbe = oldEngine.acceptFace(checkInPhoto).embedding();
    double expected = -1;
    for (float[] t : templates.approvedOf(anaId, OLD.id())) {
      expected = Math.max(expected, oldEngine.similarity(oldProbe, t));
    }
    double recorded =
        db.select(ATTENDANCE_PUNCHES.SIMILARITY)
            .from(ATTENDANCE_PUNCHES)
            .where(ATTENDANCE_PUNCHES.USER_ID.eq(anaId))
            .fetchSingle(ATTENDANCE_PUNCHES.SIMILARITY);
    assertThat(recorded).isCloseTo(expected, within(1e-4)).isGreaterThan(0.52);

    // ... and that check-in added a template of the current model: sealed, audited as the system
    assertThat(modelsOf(anaId)).containsExactly(OLD.id(), OLD.id(), CURRENT);
    var added =
        db.selectFrom(FACE_TEMPLATES)
            .where(FACE_TEMPLATES.USER_ID.eq(anaId).and(FACE_TEMPLATES.MODEL.eq(CURRENT)))
            .fetchSingle();
    assertThat(added.getOrigin()).isEqualTo("check_in");
    assertThat(cipher.decryptEmbedding(added.getCiphertext(), Enrollments.templateOwner(anaId)))
        .containsExactly(upgradedEngine.acceptFace(checkInPhoto).embedding());
    var auditRow =
        db.selectFrom(AUDIT_LOG)
            .where(AUDIT_LOG.ACTION.eq("template.add_from_check_in"))
            .fetchSingle();
    assertThat(auditRow.getActorKind()).isEqualTo("system");
    assertThat(auditRow.getTargetId()).isEqualTo(Long.toString(anaId));
    assertThat(auditRow.getDetails().data()).contains(CURRENT).contains(OLD.id());
    // the index nodes hear of it
    assertThat(db.fetchCount(IDENTIFICATION_CHANGES, IDENTIFICATION_CHANGES.USER_ID.eq(anaId)))
        .isGreaterThan((int) changesBefore);

    // the report moves her off the list
    GetTemplateModelReportResponse after = report.report(admin, 0, 0);
    assertThat(after.getPeopleOnOldModels()).isZero();
    assertThat(after.getPeopleList()).isEmpty();
    assertThat(after.getModels(0).getModel()).isEqualTo(CURRENT);
    assertThat(after.getModels(0).getTemplates()).isEqualTo(3);
    assertThat(after.getModels(0).getPeople()).isEqualTo(2);

    // identification now finds her by her new template
    assertThat(identified(anaProbe)).isEqualTo(anaId);

    // the check-out verifies again (best of every model) and adds nothing more
    clock.advance(Duration.ofHours(8));
    punches.punch(
        ana, punch(PunchRequest.PunchKind.CHECK_OUT, "angelina_jolie/3.jpg"), "10.0.0.9", CODEC);
    assertThat(modelsOf(anaId)).hasSize(3);
    assertThat(db.fetchCount(ATTENDANCE_PUNCHES, ATTENDANCE_PUNCHES.USER_ID.eq(anaId)))
        .isEqualTo(2);
  }

  private void enrol(FaceGate faces, long userId, Caller admin, String... photos) {
    Enrollments enrollments =
        new Enrollments(new Store(db, audit, clock), faces, cipher, DuplicateFinder.NONE, "1");
    Caller firstLogin =
        new Caller(userId, null, Role.ROLE_EMPLOYEE, UserStatus.FIRST_LOGIN, "10.0.0.9", null);
    enrollments.enroll(
        firstLogin,
        java.util.Arrays.stream(photos).map(ModelUpgradeTest::photo).toList(),
        DevicePlatform.DEVICE_PLATFORM_IOS,
        "iphone",
        "10.0.0.9",
        null);
    new EnrollmentReview(new Store(db, audit, clock), cipher).approve(admin, userId, false);
  }

  private Punches punches(FaceGate faces, Templates templates) {
    return new Punches(
        Store.of(db, clock),
        faces,
        templates,
        new Sites(db),
        new Schedules(db),
        new AttendanceRules(ZoneOffset.UTC, false, 50, Duration.ofHours(24)));
  }

  /** The best person for a probe among the current model's gallery, or -1. */
  private long identified(float[] probe) {
    IdentificationIndex index =
        IdentificationIndex.build(
            new Gallery(db, cipher, CURRENT).loadAll(), 512, IdentificationIndex.Settings.DEFAULT);
    List<IdentificationIndex.Candidate> best = index.exactSearch(probe, 1);
    return best.isEmpty() || best.get(0).similarity() < FaceEngineConfig.DEFAULT_IDENTIFY_THRESHOLD
        ? -1
        : best.get(0).userId();
  }

  private List<String> modelsOf(long userId) {
    return db.select(FACE_TEMPLATES.MODEL)
        .from(FACE_TEMPLATES)
        .where(FACE_TEMPLATES.USER_ID.eq(userId))
        .orderBy(FACE_TEMPLATES.ID)
        .fetch(FACE_TEMPLATES.MODEL);
  }

  private long user(String username, String role, UserStatus status) {
    return TestUsers.insert(db, username, role, status);
  }

  private static byte[] photo(String relative) {
    return PunchesTest.photo("people/" + relative);
  }

  private static PunchRequest punch(PunchRequest.PunchKind kind, String photo) {
    return new PunchRequest(
        kind,
        photo(photo),
        DevicePlatform.DEVICE_PLATFORM_ANDROID,
        "pixel",
        24.86,
        67.00,
        null,
        null,
        null,
        null);
  }
}
