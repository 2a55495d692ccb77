package io.faceattend.server.jobs;

import static io.faceattend.db.jooq.Tables.DAILY_SUMMARIES;
import static io.faceattend.db.jooq.Tables.DEPARTMENT_MANAGERS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.DayRecord;
import io.faceattend.server.reports.ReportQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The managers' end-of-day summary: once the local time passes {@code sendAt}, every active manager
 * of at least one group gets one {@code report.daily_summary} event for the day (e-mailed by the
 * notification planner), counted with the reports' own day logic over the people they manage. Once
 * per manager and day (the table's primary key), however many nodes run the job.
 */
public record DailySummaries(
    DSLContext db, AttendanceDays days, Events events, Clock clock, ZoneId zone, LocalTime sendAt) {

  /** Absent people named in a summary at most; the rest are counted. */
  static final int MAX_NAMES = 20;

  /** Sends today's summaries not sent yet, when it is time; returns how many it sent. */
  public int run() {
    LocalDate today = days.today();
    if (LocalTime.now(clock.withZone(zone)).isBefore(sendAt)) {
      return 0;
    }
    List<Long> managers =
        db.selectDistinct(DEPARTMENT_MANAGERS.USER_ID)
            .from(DEPARTMENT_MANAGERS)
            .join(USERS)
            .on(USERS.ID.eq(DEPARTMENT_MANAGERS.USER_ID))
            .where(USERS.DEACTIVATED_AT.isNull())
            .and(USERS.ROLE.eq("manager"))
            .and(
                DSL.notExists(
                    DSL.selectOne()
                        .from(DAILY_SUMMARIES)
                        .where(DAILY_SUMMARIES.MANAGER_ID.eq(DEPARTMENT_MANAGERS.USER_ID))
                        .and(DAILY_SUMMARIES.WORK_DATE.eq(today))))
            .orderBy(DEPARTMENT_MANAGERS.USER_ID)
            .fetch(DEPARTMENT_MANAGERS.USER_ID);
    int sent = 0;
    for (long manager : managers) {
      if (send(manager, today, summary(manager, today))) {
        sent++;
      }
    }
    return sent;
  }

  /** The day of the people {@code manager} manages, as the event's data. */
  private Map<String, Object> summary(long manager, LocalDate today) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String status : List.of("present", "late", "absent", "excused")) {
      counts.put(status, 0);
    }
    List<String> absent = new ArrayList<>();
    days.forEach(
        new Caller(manager, Role.ROLE_MANAGER, null),
        new ReportQuery(today, today, 0, 0, 0),
        (DayRecord day) -> {
          if (day.person().userId() == manager || !counts.containsKey(day.status())) {
            return; // their own day is not their team's; days off are not counted
          }
          counts.merge(day.status(), 1, Integer::sum);
          if ("absent".equals(day.status())) {
            absent.add(day.person().name());
          }
        },
        true);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("manager_id", manager);
    data.put("work_date", today.toString());
    data.putAll(counts);
    data.put("expected", counts.values().stream().mapToInt(Integer::intValue).sum());
    List<String> named = absent.stream().sorted().limit(MAX_NAMES).toList();
    data.put(
        "absent_names",
        named.isEmpty()
            ? "-"
            : String.join(", ", named)
                + (absent.size() > named.size()
                    ? " and " + (absent.size() - named.size()) + " more"
                    : ""));
    return data;
  }

  private boolean send(long manager, LocalDate today, Map<String, Object> data) {
    return db.transactionResult(
        config -> {
          DSLContext tx = DSL.using(config);
          int inserted =
              tx.insertInto(DAILY_SUMMARIES)
                  .set(DAILY_SUMMARIES.MANAGER_ID, manager)
                  .set(DAILY_SUMMARIES.WORK_DATE, today)
                  .set(DAILY_SUMMARIES.SENT_AT, OffsetDateTime.now(clock))
                  .onConflictDoNothing()
                  .execute();
          if (inserted == 0) {
            return false; // another node sent it meanwhile
          }
          events.record(tx, EventTypes.DAILY_SUMMARY, manager, data);
          return true;
        });
  }
}
