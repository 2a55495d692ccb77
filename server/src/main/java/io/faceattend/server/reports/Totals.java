package io.faceattend.server.reports;

import io.faceattend.proto.v1.AttendanceTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Adds up days into the counts of {@link AttendanceTotals}; minutes are kept exact until the end.
 */
public final class Totals {

  private int workingDays;
  private int present;
  private int presentOnWorkingDays;
  private int late;
  private int earlyLeave;
  private int absent;
  private int excused;
  private int missingCheckOut;
  private long workedMinutes;
  private long overtimeMinutes;

  public void add(DayRecord day) {
    if (day.workingDay()) {
      workingDays++;
    }
    if (day.present()) {
      present++;
      if (day.workingDay()) {
        presentOnWorkingDays++;
      }
      if (day.checkOut() == null) {
        missingCheckOut++;
      }
    }
    switch (day.status()) {
      case "late" -> late++;
      case "absent" -> absent++;
      case "excused" -> excused++;
      default -> {}
    }
    if (day.earlyLeaveMinutes() > 0) {
      earlyLeave++;
    }
    workedMinutes += day.workedMinutes();
    overtimeMinutes += day.overtimeMinutes();
  }

  /** Adds the days another total counted (every count is a sum). */
  public void add(Totals other) {
    workingDays += other.workingDays;
    present += other.present;
    presentOnWorkingDays += other.presentOnWorkingDays;
    late += other.late;
    earlyLeave += other.earlyLeave;
    absent += other.absent;
    excused += other.excused;
    missingCheckOut += other.missingCheckOut;
    workedMinutes += other.workedMinutes;
    overtimeMinutes += other.overtimeMinutes;
  }

  public long workedMinutes() {
    return workedMinutes;
  }

  /**
   * Whether somebody was expected at work (working days not excused): only then is the rate
   * meaningful.
   */
  public boolean hasExpectedDays() {
    return workingDays - excused > 0;
  }

  public AttendanceTotals toProto() {
    int expected = workingDays - excused;
    double rate =
        expected <= 0
            ? 0
            : BigDecimal.valueOf(presentOnWorkingDays)
                .divide(BigDecimal.valueOf(expected), 4, RoundingMode.HALF_UP)
                .doubleValue();
    return AttendanceTotals.newBuilder()
        .setWorkingDays(workingDays)
        .setPresent(present)
        .setLate(late)
        .setEarlyLeave(earlyLeave)
        .setAbsent(absent)
        .setExcused(excused)
        .setHoursWorked(hours(workedMinutes))
        .setOvertimeHours(hours(overtimeMinutes))
        .setAttendanceRate(rate)
        .setMissingCheckOut(missingCheckOut)
        .build();
  }

  /** Minutes as hours, 2 decimals. */
  public static double hours(long minutes) {
    return BigDecimal.valueOf(minutes)
        .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP)
        .doubleValue();
  }
}
