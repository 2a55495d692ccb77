package io.faceattend.server.reports;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * One person's day in a report.
 *
 * @param status present, late, absent, excused or off (a day off without punches)
 * @param workingDay whether the schedule makes it a working day
 * @param checkIn local check-in time, or null
 * @param checkOut local check-out time, or null
 */
public record DayRecord(
    PersonInfo person,
    LocalDate date,
    String status,
    boolean workingDay,
    LocalTime checkIn,
    LocalTime checkOut,
    long workedMinutes,
    long overtimeMinutes,
    int lateMinutes,
    int earlyLeaveMinutes,
    boolean corrected) {

  /**
   * Who the day belongs to; {@code departmentId} and {@code department} are null without a group.
   */
  public record PersonInfo(
      long userId, String employeeId, String name, Long departmentId, String department) {}

  public boolean present() {
    return checkIn != null;
  }
}
