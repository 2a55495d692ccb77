package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.proto.v1.HistoryRecord;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.corrections.Corrections;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.DayRecord;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.sites.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One source of truth for a day: an admin's correction and a manual mark show in the employee's
 * history and status exactly as reports (and so payroll) count them.
 */
class OneDayTruthTest {

  // Tuesday 2026-03-03 17:30 UTC
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-03T17:30:00Z"));
  private DSLContext db;
  private long employee;
  private Caller admin;
  private Corrections corrections;
  private History history;
  private TodayStatus status;
  private AttendanceDays days;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    employee = user("ana", "employee");
    db.update(USERS)
        .set(USERS.STATUS, UserStatus.ACTIVE)
        .set(USERS.CREATED_AT, OffsetDateTime.parse("2026-01-01T00:00:00Z"))
        .where(USERS.ID.eq(employee))
        .execute();
    admin = new Caller(user("root", "admin"), Role.ROLE_ADMIN, null);
    corrections = new Corrections(Store.of(db, clock));
    history = new History(db);
    AttendanceRules rules = new AttendanceRules(ZoneOffset.UTC, false, 50, Duration.ofHours(24));
    status = new TodayStatus(Store.of(db, clock), new Sites(db), new Schedules(db), rules);
    days = new AttendanceDays(Store.of(db, clock), AttendanceDays.ExcusedDays.NONE);
  }

  private long user(String username, String role) {
    return TestUsers.insert(db, username, role);
  }

  private void punch(String date, String kind, String time) {
    db.insertInto(ATTENDANCE_PUNCHES)
        .set(ATTENDANCE_PUNCHES.USER_ID, employee)
        .set(ATTENDANCE_PUNCHES.KIND, kind)
        .set(ATTENDANCE_PUNCHES.WORK_DATE, LocalDate.parse(date))
        .set(ATTENDANCE_PUNCHES.PUNCHED_AT, OffsetDateTime.parse(date + "T" + time + ":00Z"))
        .set(ATTENDANCE_PUNCHES.TIME_ZONE, "UTC")
        .set(ATTENDANCE_PUNCHES.LATITUDE, 24.86)
        .set(ATTENDANCE_PUNCHES.LONGITUDE, 67.0)
        .set(ATTENDANCE_PUNCHES.WITHIN_ALLOWED_TIME, true)
        .execute();
  }

  private List<DayRecord> report(String from, String to) {
    List<DayRecord> found = new ArrayList<>();
    days.forEach(admin, ReportQuery.parse(from, to, 0, 0, employee), found::add);
    return found;
  }

  @Test
  void historyAndStatusShowCorrectionsAndManualMarksAsReportsCountThem() {
    // Monday: punched 09:40 and 17:00; the admin corrects the check-in to 09:00
    punch("2026-03-02", "check_in", "09:40");
    punch("2026-03-02", "check_out", "17:00");
    corrections.correct(
        admin, employee, "2026-03-02", "check_in", "09:00", "UTC", "badge reader was down");
    // Tuesday (today): no punch at all; the admin marks a check-in at 08:30
    corrections.correct(
        admin, employee, "2026-03-03", "check_in", "08:30", "UTC", "forgot the phone");

    List<HistoryRecord> records = history.list(employee, 0, 0, null, null).getRecordsList();
    assertThat(records)
        .extracting(HistoryRecord::getDate)
        .containsExactly("2026-03-03", "2026-03-02");
    assertThat(records.get(1).getCheckIn()).isEqualTo("09:00");
    assertThat(records.get(1).getCheckOut()).isEqualTo("17:00");
    assertThat(records.get(0).getCheckIn()).isEqualTo("08:30");
    assertThat(history.list(employee, 0, 0, null, null).getTotal()).isEqualTo(2);

    var today =
        status.of(
            new Caller(
                employee, UUID.randomUUID(), Role.ROLE_EMPLOYEE, UserStatus.ACTIVE, null, null));
    assertThat(today.getCheckInTime()).isEqualTo("08:30");
    assertThat(today.getAttendanceStatus())
        .isEqualTo(AttendanceStatus.ATTENDANCE_STATUS_CHECKED_IN);

    // the report counts the very same times
    List<DayRecord> counted = report("2026-03-02", "2026-03-02");
    assertThat(counted)
        .singleElement()
        .satisfies(
            day -> {
              assertThat(day.checkIn()).hasToString("09:00");
              assertThat(day.checkOut()).hasToString("17:00");
              assertThat(day.corrected()).isTrue();
            });
  }
}
