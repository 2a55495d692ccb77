package io.faceattend.gateway.export;

import io.faceattend.proto.v1.AttendanceTotals;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import java.util.Map;

/**
 * One person's totals as the server computed them (the report's rules, server/.../reports/Totals):
 * they come with the person's last streamed day, so the XLSX and PDF totals are the JSON report's,
 * never re-added here.
 */
record PersonTotals(long userId, String name, String department, AttendanceTotals totals) {

  /** Keeps the totals a streamed day carries, if it is its person's last. */
  static void collect(Map<Long, PersonTotals> people, StreamAttendanceDaysResponse day) {
    if (day.hasPersonTotals()) {
      people.put(
          day.getUserId(),
          new PersonTotals(
              day.getUserId(), day.getName(), day.getDepartment(), day.getPersonTotals()));
    }
  }
}
