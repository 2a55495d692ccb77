package io.faceattend.server.corrections;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_CORRECTIONS;
import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.proto.v1.AttendanceCorrection;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.Departments;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Manual corrections and group marking, on a real PostgreSQL: reasons, order, scope, audit. */
class CorrectionsTest {

  private DSLContext db;
  private Corrections corrections;
  private Departments departments;
  private Caller admin;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    corrections = new Corrections(Store.of(db, clock));
    departments = new Departments(Store.of(db, clock));
    admin = new Caller(user("root", "admin"), Role.ROLE_ADMIN, "10.0.0.1");
  }

  private long user(String username, String role) {
    return TestUsers.insert(db, username, role);
  }

  private int correctionRows() {
    return db.fetchCount(ATTENDANCE_CORRECTIONS);
  }

  @Test
  void withoutATimeZoneACorrectionIsInThePlatformsZone() {
    long ana = user("ana", "employee");
    // the platform's zone travels in the store's clock (FaceAttendPlatform: FACEATTEND_TIME_ZONE)
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    var karachi = new Corrections(Store.of(db, clock.withZone(ZoneId.of("Asia/Karachi"))));
    karachi.correct(admin, ana, "2026-03-01", "check_in", "09:15", "", "forgot phone");
    var row =
        db.select(ATTENDANCE_CORRECTIONS.CORRECTED_AT, ATTENDANCE_CORRECTIONS.TIME_ZONE)
            .from(ATTENDANCE_CORRECTIONS)
            .fetchSingle();
    // 09:15 in Karachi (UTC+5) is 04:15 UTC
    assertThat(row.value1().toInstant()).isEqualTo(Instant.parse("2026-03-01T04:15:00Z"));
    assertThat(row.value2()).isEqualTo("Asia/Karachi");
  }

  @Test
  void aMarkedDayKeepsItsReasonTimeZoneAndAuditEntry() {
    long ana = user("ana", "employee");
    AttendanceCorrection in =
        corrections.correct(
            admin, ana, "2026-03-01", "check_in", "09:15", "Europe/Madrid", "  forgot phone ");
    // 09:15 in Madrid (UTC+1 in March) is 08:15 UTC
    assertThat(
            db.select(ATTENDANCE_CORRECTIONS.CORRECTED_AT)
                .from(ATTENDANCE_CORRECTIONS)
                .fetchSingle()
                .value1()
                .toInstant())
        .isEqualTo(Instant.parse("2026-03-01T08:15:00Z"));
    assertThat(in.getReason()).isEqualTo("forgot phone");
    assertThat(
            db.select(AUDIT_LOG.ACTION)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.TARGET_ID.eq(String.valueOf(ana)))
                .fetch(AUDIT_LOG.ACTION))
        .containsExactly("attendance.mark");
    assertThat(corrections.list(admin, ana, "2026-03-01", "2026-03-01", 0, 0).getResultsList())
        .hasSize(1);
  }

  @Test
  void refusedCorrectionsWriteNothing() {
    long ana = user("ana", "employee");
    corrections.correct(admin, ana, "2026-03-01", "check_in", "09:00", "UTC", "badge");
    int before = correctionRows();

    assertCode(
        () -> corrections.correct(admin, ana, "2026-03-01", "check_out", "10:00", "UTC", " "),
        ErrorCode.MISSING_FIELD);
    assertCode(
        () -> corrections.correct(admin, ana, "2026-03-01", "lunch", "10:00", "UTC", "x"),
        ErrorCode.INVALID_ARGUMENT);
    // a check-out before the day's check-in would make a negative day
    assertCode(
        () -> corrections.correct(admin, ana, "2026-03-01", "check_out", "08:30", "UTC", "x"),
        ErrorCode.INVALID_ARGUMENT);
    // the clock says 2026-03-02T08:00Z
    assertCode(
        () -> corrections.correct(admin, ana, "2026-03-02", "check_in", "09:00", "UTC", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () -> corrections.correct(admin, ana, "2026-03-01", "check_out", "18:00", "Mars/Base", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () -> corrections.correct(admin, ana, "01/03/2026", "check_out", "18:00", "UTC", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () -> corrections.correct(admin, 999_999, "2026-03-01", "check_in", "09:00", "UTC", "x"),
        ErrorCode.NOT_FOUND);

    assertThat(correctionRows()).isEqualTo(before);
    // the valid check-out still goes in
    corrections.correct(admin, ana, "2026-03-01", "check_out", "17:00", "UTC", "badge");
    assertThat(correctionRows()).isEqualTo(before + 1);
  }

  @Test
  void aManagerCorrectsOnlyTheirDepartmentsPeople() {
    long managerId = user("boss", "manager");
    long inside = user("ana", "employee");
    long outside = user("ben", "employee");
    long dept = departments.create(admin, "Sales", "department", "").getId();
    departments.setManagers(admin, dept, List.of(managerId));
    departments.addMembers(admin, dept, List.of(inside));
    Caller manager = new Caller(managerId, Role.ROLE_MANAGER, "10.0.0.2");

    corrections.correct(manager, inside, "2026-03-01", "check_in", "09:00", "UTC", "badge");
    assertCode(
        () -> corrections.correct(manager, outside, "2026-03-01", "check_in", "09:00", "UTC", "x"),
        ErrorCode.NOT_FOUND);
    assertThat(corrections.list(manager, 0, "2026-03-01", "2026-03-01", 0, 0).getResultsList())
        .extracting(AttendanceCorrection::getUserId)
        .containsExactly(inside);
  }

  @Test
  void groupMarkingSkipsWhatIsAlreadyThereAndTheDeactivated() {
    long ana = user("ana", "employee");
    long ben = user("ben", "employee");
    long gone = user("gone", "employee");
    long dept = departments.create(admin, "Lab", "course", "").getId();
    departments.addMembers(admin, dept, List.of(ana, ben, gone));
    db.update(USERS)
        .set(USERS.DEACTIVATED_AT, OffsetDateTime.parse("2026-02-01T00:00:00Z"))
        .where(USERS.ID.eq(gone))
        .execute();
    corrections.correct(admin, ana, "2026-03-01", "check_in", "08:55", "UTC", "badge");

    Corrections.BulkResult result =
        corrections.markGroup(admin, dept, "2026-03-01", "09:00", "17:00", "UTC", "field trip");

    // ana's check-in was there already; her check-out, and both of ben's, are marked
    assertThat(result).isEqualTo(new Corrections.BulkResult(3, 1));
    assertThat(db.fetchCount(ATTENDANCE_CORRECTIONS, ATTENDANCE_CORRECTIONS.USER_ID.eq(gone)))
        .isZero();
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("attendance.bulk_mark"))).isOne();
    // a check-out before the check-in is refused for a group without a night shift, atomically
    int before = correctionRows();
    assertCode(
        () -> corrections.markGroup(admin, dept, "2026-02-27", "22:00", "06:00", "UTC", "night"),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(correctionRows()).isEqualTo(before);
  }
}
