package io.faceattend.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkScheduleTest {

  private static final LocalDate THURSDAY = LocalDate.of(2026, 1, 15);
  private static final LocalDate SATURDAY = LocalDate.of(2026, 1, 17);

  private final WorkSchedule nineToFive =
      new WorkSchedule(
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(9, 0),
          LocalTime.of(17, 0),
          5,
          null,
          Map.of());

  @Test
  void workingDays() {
    assertThat(nineToFive.isWorkingDay(THURSDAY)).isTrue();
    assertThat(nineToFive.isWorkingDay(SATURDAY)).isFalse();
    assertThat(nineToFive.shiftOn(SATURDAY)).isEmpty();
  }

  @Test
  void graceAppliesToLateCheckInAndEarlyCheckOut() {
    assertThat(nineToFive.checkInWithinTime(THURSDAY, THURSDAY.atTime(9, 5))).isTrue();
    assertThat(nineToFive.checkInWithinTime(THURSDAY, THURSDAY.atTime(9, 6))).isFalse();
    assertThat(nineToFive.lateMinutes(THURSDAY, THURSDAY.atTime(9, 20))).isEqualTo(15);
    assertThat(nineToFive.checkOutWithinTime(THURSDAY, THURSDAY.atTime(16, 55))).isTrue();
    assertThat(nineToFive.checkOutWithinTime(THURSDAY, THURSDAY.atTime(16, 54))).isFalse();
    assertThat(nineToFive.earlyLeaveMinutes(THURSDAY, THURSDAY.atTime(16, 0))).isEqualTo(55);
  }

  @Test
  void overtimeStartsAfterTheDayOrTheConfiguredMinutes() {
    assertThat(nineToFive.overtimeAfterMinutes(THURSDAY)).isEqualTo(480);
    assertThat(nineToFive.overtimeAfterMinutes(SATURDAY)).isZero();
    WorkSchedule tenHourDays =
        new WorkSchedule(
            nineToFive.workingDays(), nineToFive.start(), nineToFive.end(), 5, 600, Map.of());
    assertThat(tenHourDays.overtimeAfterMinutes(THURSDAY)).isEqualTo(600);
  }

  @Test
  void aWeekdayShiftOverridesTheDefaultHours() {
    WorkSchedule withShortFriday =
        Schedules.validate(
            new Schedules.Input(
                List.of(1, 2, 3, 4, 5, 6),
                "09:00",
                "17:00",
                0,
                null,
                List.of(new Schedules.ShiftInput(List.of(5, 6), "08:00", "12:00"))));
    LocalDate friday = THURSDAY.plusDays(1);
    assertThat(withShortFriday.shiftOn(friday))
        .contains(new WorkSchedule.Shift(LocalTime.of(8, 0), LocalTime.of(12, 0)));
    assertThat(withShortFriday.overtimeAfterMinutes(friday)).isEqualTo(240);
    assertThat(withShortFriday.lateMinutes(friday, friday.atTime(8, 30))).isEqualTo(30);
    assertThat(withShortFriday.lateMinutes(THURSDAY, THURSDAY.atTime(8, 30))).isZero();
    assertThat(withShortFriday.isWorkingDay(SATURDAY)).isTrue();
  }

  @Test
  void anOvernightShiftEndsTheNextMorning() {
    WorkSchedule nights =
        Schedules.validate(
            new Schedules.Input(List.of(1, 2, 3, 4, 5), "22:00", "06:00", 10, null, List.of()));
    WorkSchedule.Shift shift = nights.shiftOn(THURSDAY).orElseThrow();
    assertThat(shift.overnight()).isTrue();
    assertThat(shift.minutes()).isEqualTo(480);
    assertThat(shift.endOn(THURSDAY)).isEqualTo(LocalDateTime.of(2026, 1, 16, 6, 0));
    // a check-in after midnight is late by the time since 22:10 the evening before
    assertThat(nights.lateMinutes(THURSDAY, LocalDateTime.of(2026, 1, 16, 0, 10))).isEqualTo(120);
    assertThat(nights.lateMinutes(THURSDAY, THURSDAY.atTime(21, 55))).isZero();
    // leaving at 23:00 is an early leave of 6h50 (05:50 the next morning is the earliest in time)
    assertThat(nights.earlyLeaveMinutes(THURSDAY, THURSDAY.atTime(23, 0))).isEqualTo(410);
    assertThat(nights.earlyLeaveMinutes(THURSDAY, LocalDateTime.of(2026, 1, 16, 5, 50))).isZero();
  }

  @Test
  void invalidSchedulesAreRefusedWithTheField() {
    assertThatThrownBy(
            () ->
                Schedules.validate(
                    new Schedules.Input(List.of(1), "09:00", "09:00", 0, null, List.of())))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("end_time");
            });
    assertThatThrownBy(
            () ->
                Schedules.validate(
                    new Schedules.Input(List.of(1), "09:00", "17:00", 0, 1441, List.of())))
        .hasMessageContaining("overtime_after_minutes");
    // a shift on a day that is not a working day, and two shifts on one day
    assertThatThrownBy(
            () ->
                Schedules.validate(
                    new Schedules.Input(
                        List.of(1, 2),
                        "09:00",
                        "17:00",
                        0,
                        null,
                        List.of(new Schedules.ShiftInput(List.of(6), "08:00", "12:00")))))
        .hasMessageContaining("working_days");
    assertThatThrownBy(
            () ->
                Schedules.validate(
                    new Schedules.Input(
                        List.of(1, 2),
                        "09:00",
                        "17:00",
                        0,
                        null,
                        List.of(
                            new Schedules.ShiftInput(List.of(1), "08:00", "12:00"),
                            new Schedules.ShiftInput(List.of(1, 2), "13:00", "18:00")))))
        .hasMessageContaining("two shifts");
    assertThatThrownBy(
            () ->
                Schedules.validate(
                    new Schedules.Input(
                        List.of(1),
                        "09:00",
                        "17:00",
                        0,
                        null,
                        List.of(new Schedules.ShiftInput(List.of(1), "8am", "12:00")))))
        .hasMessageContaining("shifts.start_time");
  }
}
