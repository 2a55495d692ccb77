package io.faceattend.server.jobs;

import static io.faceattend.db.jooq.Tables.MISSED_CHECK_INS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.DayRecord;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Finds today's missed check-ins: active people whose working day it is by their schedule (not a
 * holiday, not excused by an approved absence: the report's own day logic, {@link AttendanceDays}),
 * whose start + grace has passed, with no check-in. Each is recorded once per person and day (the
 * table's primary key), with its {@code attendance.missed_check_in} event in the same transaction,
 * whichever node runs the job and however often.
 */
public record MissedCheckIns(
    DSLContext db, AttendanceDays days, Events events, Clock clock, ZoneId zone) {

  /** A system caller with everybody in scope. */
  private static final Caller SYSTEM = new Caller(0, Role.ROLE_ADMIN, null);

  /** Runs one detection; returns how many new missed check-ins it recorded. */
  public int detect() {
    LocalDate today = days.today();
    List<DayRecord> absent = new ArrayList<>();
    days.forEach(
        SYSTEM,
        new ReportQuery(today, today, 0, 0, 0),
        day -> {
          if ("absent".equals(day.status()) && day.date().equals(today)) {
            absent.add(day);
          }
        },
        true);
    if (absent.isEmpty()) {
      return 0;
    }
    List<Long> ids = absent.stream().map(d -> d.person().userId()).toList();
    Map<Long, WorkSchedule> schedules = Schedules.of(db, ids);
    Set<Long> active =
        Set.copyOf(
            db.select(USERS.ID)
                .from(USERS)
                .where(USERS.ID.in(ids))
                .and(USERS.STATUS.eq(UserStatus.ACTIVE))
                .and(USERS.DEACTIVATED_AT.isNull())
                .fetch(USERS.ID));
    LocalDateTime now = LocalDateTime.now(clock.withZone(zone));
    int recorded = 0;
    for (DayRecord day : absent) {
      long userId = day.person().userId();
      WorkSchedule schedule = schedules.get(userId);
      if (schedule == null || !active.contains(userId)) {
        // without a schedule there is no start time to have missed
        continue;
      }
      var shift = schedule.shiftOn(today);
      if (shift.isEmpty()) {
        continue;
      }
      LocalDateTime expected = shift.get().startOn(today).plusMinutes(schedule.graceMinutes());
      if (now.isBefore(expected)) {
        continue;
      }
      if (record(day, expected.atZone(zone).toOffsetDateTime())) {
        recorded++;
      }
    }
    return recorded;
  }

  private boolean record(DayRecord day, OffsetDateTime expected) {
    return db.transactionResult(
        config -> {
          DSLContext tx = DSL.using(config);
          int inserted =
              tx.insertInto(MISSED_CHECK_INS)
                  .set(MISSED_CHECK_INS.USER_ID, day.person().userId())
                  .set(MISSED_CHECK_INS.WORK_DATE, day.date())
                  .set(MISSED_CHECK_INS.EXPECTED_AT, expected)
                  .set(MISSED_CHECK_INS.DETECTED_AT, OffsetDateTime.now(clock))
                  .onConflictDoNothing()
                  .execute();
          if (inserted == 0) {
            return false;
          }
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("user_id", day.person().userId());
          data.put("employee_id", day.person().employeeId());
          data.put("name", day.person().name());
          data.put("work_date", day.date().toString());
          data.put("expected_at", expected.toLocalTime().toString());
          events.record(tx, EventTypes.MISSED_CHECK_IN, day.person().userId(), data);
          return true;
        });
  }
}
