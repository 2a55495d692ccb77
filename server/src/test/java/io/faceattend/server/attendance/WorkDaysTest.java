package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.types.UserStatus;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which work day a punch belongs to, on a real database: day shifts, and a night shift 22:00-06:00.
 */
class WorkDaysTest {

  private static final LocalDate MONDAY = LocalDate.of(2026, 3, 16);
  private static final LocalDate TUESDAY = MONDAY.plusDays(1);
  private DSLContext db;
  private long nightWorker;
  private Optional<WorkSchedule> nights;

  @BeforeEach
  void seed() {
    db = TestDatabase.reset();
    nightWorker =
        db.insertInto(USERS)
            .set(USERS.USERNAME, "owl")
            .set(USERS.EMAIL, "owl@co.com")
            .set(USERS.NAME, "Owl")
            .set(USERS.ROLE, "employee")
            .set(USERS.PASSWORD_HASH, "x")
            .set(USERS.STATUS, UserStatus.ACTIVE)
            .returning(USERS.ID)
            .fetchSingle()
            .getId();
    Schedules schedules = new Schedules(db);
    schedules.set(
        db,
        nightWorker,
        new Schedules.Input(List.of(1, 2, 3, 4, 5), "22:00", "06:00", 0, null, List.of()));
    nights = schedules.of(nightWorker);
  }

  private void punch(LocalDate workDate, String kind, LocalDateTime at) {
    db.insertInto(ATTENDANCE_PUNCHES)
        .set(ATTENDANCE_PUNCHES.USER_ID, nightWorker)
        .set(ATTENDANCE_PUNCHES.KIND, kind)
        .set(ATTENDANCE_PUNCHES.WORK_DATE, workDate)
        .set(ATTENDANCE_PUNCHES.PUNCHED_AT, at.atOffset(ZoneOffset.UTC))
        .set(ATTENDANCE_PUNCHES.TIME_ZONE, "UTC")
        .set(ATTENDANCE_PUNCHES.LATITUDE, 0.0)
        .set(ATTENDANCE_PUNCHES.LONGITUDE, 0.0)
        .set(ATTENDANCE_PUNCHES.WITHIN_ALLOWED_TIME, true)
        .execute();
  }

  @Test
  void withoutAnOvernightShiftTheWorkDayIsTheCalendarDay() {
    WorkSchedule days =
        Schedules.validate(
            new Schedules.Input(List.of(1, 2, 3, 4, 5), "09:00", "17:00", 0, null, List.of()));
    assertThat(WorkDays.of(db, nightWorker, Optional.of(days), TUESDAY.atTime(1, 0)))
        .isEqualTo(TUESDAY);
    assertThat(WorkDays.of(db, nightWorker, Optional.empty(), TUESDAY.atTime(1, 0)))
        .isEqualTo(TUESDAY);
  }

  @Test
  void theMorningAfterAnOpenNightShiftBelongsToIt() {
    punch(MONDAY, "check_in", MONDAY.atTime(22, 0));
    assertThat(WorkDays.of(db, nightWorker, nights, TUESDAY.atTime(6, 10))).isEqualTo(MONDAY);
    // overtime: still Monday's shift until 8 hours after its end
    assertThat(WorkDays.of(db, nightWorker, nights, TUESDAY.atTime(13, 59))).isEqualTo(MONDAY);
    // a forgotten check-out does not hold the next day hostage
    assertThat(WorkDays.of(db, nightWorker, nights, TUESDAY.atTime(14, 0))).isEqualTo(TUESDAY);
    // once checked out, Tuesday is Tuesday again
    punch(MONDAY, "check_out", TUESDAY.atTime(6, 0));
    assertThat(WorkDays.of(db, nightWorker, nights, TUESDAY.atTime(6, 10))).isEqualTo(TUESDAY);
  }

  @Test
  void aLateCheckInAfterMidnightBelongsToTheShiftUntilItEnds() {
    assertThat(WorkDays.of(db, nightWorker, nights, TUESDAY.atTime(0, 30))).isEqualTo(MONDAY);
    assertThat(WorkDays.of(db, nightWorker, nights, TUESDAY.atTime(6, 0))).isEqualTo(TUESDAY);
    // Sunday night is not a shift (Sunday is not a working day)
    assertThat(WorkDays.of(db, nightWorker, nights, MONDAY.atTime(0, 30))).isEqualTo(MONDAY);
  }
}
