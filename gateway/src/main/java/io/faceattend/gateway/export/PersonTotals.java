package io.faceattend.gateway.export;

import io.faceattend.proto.v1.StreamAttendanceDaysResponse;

/** One person's counts, added up from their streamed days (same rules as the server's report totals). */
final class PersonTotals {

  final long userId;
  final String name;
  final String department;
  int workingDays;
  int present;
  int presentOnWorkingDays;
  int late;
  int earlyLeave;
  int absent;
  int excused;
  double hours;
  double overtime;

  PersonTotals(StreamAttendanceDaysResponse day) {
    this.userId = day.getUserId();
    this.name = day.getName();
    this.department = day.getDepartment();
  }

  void add(StreamAttendanceDaysResponse day) {
    if (day.getWorkingDay()) {
      workingDays++;
    }
    if (!day.getCheckIn().isEmpty()) {
      present++;
      if (day.getWorkingDay()) {
        presentOnWorkingDays++;
      }
    }
    switch (day.getStatus()) {
      case "late" -> late++;
      case "absent" -> absent++;
      case "excused" -> excused++;
      default -> { }
    }
    if (day.getEarlyLeaveMinutes() > 0) {
      earlyLeave++;
    }
    hours += day.getHoursWorked();
    overtime += day.getOvertimeHours();
  }

  double rate() {
    int expected = workingDays - excused;
    return expected <= 0 ? 0 : (double) presentOnWorkingDays / expected;
  }
}
