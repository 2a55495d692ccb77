package io.faceattend.server.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;

/**
 * A user's working time. A check-in is within the allowed time up to {@code start + grace}; a check-out from
 * {@code end - grace} on. With no schedule every day is a working day and every punch is within time.
 */
public record WorkSchedule(Set<DayOfWeek> workingDays, LocalTime start, LocalTime end, int graceMinutes) {

  public boolean isWorkingDay(LocalDate date) {
    return workingDays.contains(date.getDayOfWeek());
  }

  public boolean checkInWithinTime(LocalTime time) {
    return !time.isAfter(start.plusMinutes(graceMinutes));
  }

  public boolean checkOutWithinTime(LocalTime time) {
    return !time.isBefore(end.minusMinutes(graceMinutes));
  }
}
