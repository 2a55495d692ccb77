package io.faceattend.server.enrollment;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Enrollment;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.People;
import io.faceattend.server.security.TemplateCipher;
import io.faceattend.server.users.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An admin's review of enrolments, and blocking (people/), against the test PostgreSQL. */
class EnrollmentReviewTest {

  private static final byte[] PHOTO = "not really a jpeg".getBytes(StandardCharsets.UTF_8);

  private DSLContext db;
  private TemplateCipher cipher;
  private EnrollmentReview review;
  private People people;
  private Caller admin;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    cipher = new TemplateCipher(new byte[32]);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    review = new EnrollmentReview(Store.of(db, clock), cipher);
    Store store = Store.of(db, clock);
    people = new People(store, new UserAccounts(store, new PasswordHasher()));
    admin = new Caller(user("root", "admin", UserStatus.ACTIVE), Role.ROLE_ADMIN, "10.0.0.1");
  }

  private long user(String name, String role, UserStatus status) {
    return TestUsers.insert(db, name, role, status);
  }

  private long pendingEnrollment(long userId) {
    long id =
        db.insertInto(ENROLLMENTS)
            .set(ENROLLMENTS.USER_ID, userId)
            .set(ENROLLMENTS.STATUS, EnrollmentStatus.PENDING)
            .set(
                ENROLLMENTS.PHOTO_CIPHERTEXT, cipher.encrypt(PHOTO, Enrollments.photoOwner(userId)))
            .returning(ENROLLMENTS.ID)
            .fetchSingle()
            .getId();
    db.insertInto(FACE_TEMPLATES)
        .set(FACE_TEMPLATES.USER_ID, userId)
        .set(FACE_TEMPLATES.ENROLLMENT_ID, id)
        .set(FACE_TEMPLATES.CIPHERTEXT, new byte[] {1, 2, 3})
        .set(FACE_TEMPLATES.KEY_ID, "test")
        .set(FACE_TEMPLATES.MODEL, io.faceattend.face.EmbeddingModel.SHIPPED.id())
        .execute();
    return id;
  }

  private UserStatus status(long userId) {
    return db.select(USERS.STATUS).from(USERS).where(USERS.ID.eq(userId)).fetchSingle().value1();
  }

  @Test
  void theListOpensThePhotoForTheDecisionAndIsAudited() {
    long ana = user("ana", "employee", UserStatus.PENDING);
    pendingEnrollment(ana);
    var list = review.listEnrollments(admin, "pending", 0, 0);
    assertThat(list.getTotal()).isEqualTo(1);
    assertThat(list.getLimit()).isEqualTo(20);
    Enrollment item = list.getEnrollments(0);
    assertThat(item.getUserId()).isEqualTo(ana);
    assertThat(item.getPhoto().toByteArray()).isEqualTo(PHOTO);
    assertThat(item.getTemplateCount()).isEqualTo(1);
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("enrollment.list"))).isEqualTo(1);
    assertCode(() -> review.listEnrollments(admin, "maybe", 0, 0), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> review.listEnrollments(admin, "", -1, 0), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void approvalActivatesTheUserAndDropsThePhoto() {
    long ana = user("ana", "employee", UserStatus.PENDING);
    long enrollment = pendingEnrollment(ana);
    review.approve(admin, ana, false);
    assertThat(status(ana)).isEqualTo(UserStatus.ACTIVE);
    var row = db.selectFrom(ENROLLMENTS).where(ENROLLMENTS.ID.eq(enrollment)).fetchSingle();
    assertThat(row.getStatus()).isEqualTo(EnrollmentStatus.APPROVED);
    assertThat(row.getPhotoCiphertext()).isNull();
    assertThat(row.getDecidedBy()).isEqualTo(admin.userId());
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("enrollment.approve"))).isEqualTo(1);
    // nothing left to approve
    assertCode(() -> review.approve(admin, ana, false), ErrorCode.NO_PENDING_ENROLLMENT);
    assertCode(() -> review.approve(admin, 999_999, false), ErrorCode.NOT_FOUND);
  }

  @Test
  void rejectionNeedsAReasonDeletesTemplatesAndSendsTheUserBack() {
    long ana = user("ana", "employee", UserStatus.PENDING);
    long enrollment = pendingEnrollment(ana);
    assertCode(() -> review.reject(admin, ana, " "), ErrorCode.MISSING_FIELD);
    assertThat(status(ana)).isEqualTo(UserStatus.PENDING);
    review.reject(admin, ana, "face hidden");
    assertThat(status(ana)).isEqualTo(UserStatus.FIRST_LOGIN);
    assertThat(db.fetchCount(FACE_TEMPLATES, FACE_TEMPLATES.ENROLLMENT_ID.eq(enrollment))).isZero();
    assertThat(
            db.select(ENROLLMENTS.STATUS, ENROLLMENTS.DECISION_REASON)
                .from(ENROLLMENTS)
                .where(ENROLLMENTS.ID.eq(enrollment))
                .fetchSingle()
                .intoArray())
        .containsExactly(EnrollmentStatus.REJECTED, "face hidden");
  }

  @Test
  void aBlockedUserStaysBlockedThroughApprovalAndUnblocksToWhatTheirEnrolmentGives() {
    long ana = user("ana", "employee", UserStatus.PENDING);
    pendingEnrollment(ana);
    people.block(admin, ana, "left the company");
    assertThat(status(ana)).isEqualTo(UserStatus.BLOCKED);
    review.approve(admin, ana, false);
    assertThat(status(ana)).isEqualTo(UserStatus.BLOCKED);
    assertThat(people.unblock(admin, ana)).isEqualTo(UserStatus.ACTIVE);
    assertThat(status(ana)).isEqualTo(UserStatus.ACTIVE);
    assertCode(() -> people.unblock(admin, ana), ErrorCode.CONFLICT);
    assertCode(() -> people.block(admin, admin.userId(), null), ErrorCode.INVALID_ARGUMENT);
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.in("user.block", "user.unblock")))
        .isEqualTo(2);
  }
}
