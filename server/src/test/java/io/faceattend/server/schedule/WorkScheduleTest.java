package io.faceattend.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class WorkScheduleTest {

  private final WorkSchedule nineToFive = new WorkSchedule(
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), 5);

  @Test
  void workingDays() {
    assertThat(nineToFive.isWorkingDay(LocalDate.of(2026, 1, 15))).isTrue(); // Thursday
    assertThat(nineToFive.isWorkingDay(LocalDate.of(2026, 1, 17))).isFalse(); // Saturday
  }

  @Test
  void graceAppliesToLateCheckInAndEarlyCheckOut() {
    assertThat(nineToFive.checkInWithinTime(LocalTime.of(9, 5))).isTrue();
    assertThat(nineToFive.checkInWithinTime(LocalTime.of(9, 6))).isFalse();
    assertThat(nineToFive.checkOutWithinTime(LocalTime.of(16, 55))).isTrue();
    assertThat(nineToFive.checkOutWithinTime(LocalTime.of(16, 54))).isFalse();
  }
}
