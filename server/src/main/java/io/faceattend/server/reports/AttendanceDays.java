package io.faceattend.server.reports;

import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.holidays.Holidays;
import io.faceattend.server.people.People;
import io.faceattend.server.people.Scope;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.sites.Sites;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Turns schedules and punches into days: present, late, early leave, absent, excused, hours worked
 * and overtime (the rules are on ReportService in reports.proto). People are read in batches, so a
 * report of any size holds one batch of people and their punches in memory at a time. Days are the
 * platform's ({@code store.zone()}).
 */
public record AttendanceDays(Store store, ExcusedDays excusedDays) {

  /** People per batch. */
  static final int BATCH = 500;

  /** Day length without a schedule, for overtime. */
  static final long DEFAULT_DAY_MINUTES = 8 * 60;

  private static final Set<DayOfWeek> DEFAULT_DAYS =
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  /** Receives the people of a report, then each of their days in date order. */
  public interface Listener {
    default void person(DayRecord.PersonInfo person) {}

    void day(DayRecord day);

    /** A listener of both: each person first, then that person's days. */
    static Listener of(Consumer<DayRecord.PersonInfo> onPerson, Consumer<DayRecord> onDay) {
      return new Listener() {
        @Override
        public void person(DayRecord.PersonInfo person) {
          onPerson.accept(person);
        }

        @Override
        public void day(DayRecord day) {
          onDay.accept(day);
        }
      };
    }
  }

  /** Days an approved absence covers, per person; see the absences of the platform. */
  public interface ExcusedDays {
    ExcusedDays NONE = (db, userIds, from, to) -> Map.of();

    Map<Long, Set<LocalDate>> of(DSLContext db, List<Long> userIds, LocalDate from, LocalDate to);
  }

  /** The people the caller may see, filtered by the query. */
  Condition people(Caller caller, ReportQuery query) {
    Condition where = Scope.reportPeople(caller, query.userId(), USERS.ID);
    if (query.departmentId() != 0) {
      where = where.and(USERS.DEPARTMENT_ID.eq(query.departmentId()));
    }
    if (query.siteId() != 0) {
      where = where.and(Sites.peopleOf(query.siteId(), USERS.ID));
    }
    if (query.userId() != 0) {
      where = where.and(USERS.ID.eq(query.userId()));
      if (!store.db().fetchExists(USERS, where)) {
        throw new ApiException(ErrorCode.NOT_FOUND, "User " + query.userId() + " does not exist");
      }
    }
    return where;
  }

  /** Today in the platform's time zone. */
  public LocalDate today() {
    return LocalDate.now(store.clock());
  }

  public long countPeople(Caller caller, ReportQuery query) {
    return store.db().fetchCount(USERS, people(caller, query));
  }

  public void forEach(Caller caller, ReportQuery query, Listener listener) {
    forEach(caller, query, listener, false);
  }

  /** A person of a report with their totals over its period. */
  public record PersonTotals(DayRecord.PersonInfo person, Totals totals) {}

  /**
   * The people the caller may see, filtered by the query, each with their totals over it, in the
   * order {@link #forEach(Caller, ReportQuery, Listener)} walks them (by name).
   */
  public List<PersonTotals> totalsPerPerson(Caller caller, ReportQuery query) {
    Map<Long, PersonTotals> people = new LinkedHashMap<>();
    forEach(
        caller,
        query,
        Listener.of(
            person -> people.put(person.userId(), new PersonTotals(person, new Totals())),
            day -> people.get(day.person().userId()).totals().add(day)));
    return List.copyOf(people.values());
  }

  /**
   * As {@link #forEach(Caller, ReportQuery, Listener)}; with {@code todayCounts}, today is judged
   * like a past day (no check-in yet = absent), for the list of today's absentees.
   */
  public void forEach(Caller caller, ReportQuery query, Listener listener, boolean todayCounts) {
    Condition where = people(caller, query);
    ZoneId zone = store.zone();
    LocalDate today = LocalDate.now(store.clock());
    Set<LocalDate> holidays = Holidays.between(store.db(), query.from(), query.to());
    for (int offset = 0; ; offset += BATCH) {
      List<Record> batch =
          People.inListOrder(
              store.db(),
              where,
              BATCH,
              offset,
              USERS.ID,
              USERS.EMPLOYEE_ID,
              USERS.NAME,
              USERS.CREATED_AT,
              USERS.DEACTIVATED_AT,
              USERS.DEPARTMENT_ID,
              DEPARTMENTS.NAME);
      if (batch.isEmpty()) {
        return;
      }
      List<Long> ids = batch.stream().map(r -> r.get(USERS.ID)).toList();
      Map<Long, WorkSchedule> schedules = schedules(ids);
      Map<Long, Map<LocalDate, DayPunches.Day>> punches =
          DayPunches.of(store.db(), ids, query.from(), query.to(), zone);
      Map<Long, Set<LocalDate>> excused = excusedDays.of(store.db(), ids, query.from(), query.to());
      for (Record row : batch) {
        long userId = row.get(USERS.ID);
        DayRecord.PersonInfo person =
            new DayRecord.PersonInfo(
                userId,
                row.get(USERS.EMPLOYEE_ID),
                row.get(USERS.NAME),
                row.get(USERS.DEPARTMENT_ID),
                row.get(DEPARTMENTS.NAME));
        listener.person(person);
        LocalDate last = query.to().isAfter(today) ? today : query.to();
        OffsetDateTime deactivated = row.get(USERS.DEACTIVATED_AT);
        if (deactivated != null) {
          LocalDate gone = deactivated.atZoneSameInstant(zone).toLocalDate();
          if (gone.isBefore(last)) {
            last = gone;
          }
        }
        // nobody is absent before they joined; punches or corrections from before (a migration)
        // still count
        LocalDate joined = row.get(USERS.CREATED_AT).atZoneSameInstant(zone).toLocalDate();
        WorkSchedule schedule = schedules.get(userId);
        Map<LocalDate, DayPunches.Day> days = punches.getOrDefault(userId, Map.of());
        Set<LocalDate> off = excused.getOrDefault(userId, Set.of());
        for (LocalDate date = query.from(); !date.isAfter(last); date = date.plusDays(1)) {
          if (date.isBefore(joined) && !days.containsKey(date)) {
            continue;
          }
          DayRecord day =
              dayOf(
                  person,
                  schedule,
                  holidays.contains(date),
                  date,
                  days.get(date),
                  off.contains(date),
                  !todayCounts && date.equals(today));
          if (day != null) {
            listener.day(day);
          }
        }
      }
      if (batch.size() < BATCH) {
        return;
      }
    }
  }

  private static DayRecord dayOf(
      DayRecord.PersonInfo person,
      WorkSchedule schedule,
      boolean holiday,
      LocalDate date,
      DayPunches.Day punches,
      boolean excused,
      boolean today) {
    boolean working =
        !holiday
            && (schedule == null
                ? DEFAULT_DAYS.contains(date.getDayOfWeek())
                : schedule.isWorkingDay(date));
    DayPunches.Punch in = punches == null ? null : punches.checkIn().orElse(null);
    DayPunches.Punch out = punches == null ? null : punches.checkOut().orElse(null);
    if (in == null) {
      if (!working || today) {
        // a day off without punches is no record; today is not over yet
        return null;
      }
      return new DayRecord(
          person, date, excused ? "excused" : "absent", true, null, null, 0, 0, 0, 0, false);
    }
    long worked = out == null ? 0 : Math.max(0, Duration.between(in.at(), out.at()).toMinutes());
    long overtimeAfter =
        schedule == null ? DEFAULT_DAY_MINUTES : schedule.overtimeAfterMinutes(date);
    long overtime = working ? Math.max(0, worked - overtimeAfter) : worked;
    int late = 0;
    int early = 0;
    if (working && schedule != null) {
      // compared as local date-times of the work day, so an overnight shift's morning check-out
      // works too
      late = schedule.lateMinutes(date, in.local());
      if (out != null) {
        early = schedule.earlyLeaveMinutes(date, out.local());
      }
    }
    return new DayRecord(
        person,
        date,
        late > 0 ? "late" : "present",
        working,
        in.local().toLocalTime(),
        out == null ? null : out.local().toLocalTime(),
        worked,
        overtime,
        late,
        early,
        punches.corrected());
  }

  private Map<Long, WorkSchedule> schedules(List<Long> ids) {
    return Schedules.of(store.db(), ids);
  }
}
