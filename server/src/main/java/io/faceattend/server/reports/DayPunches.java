package io.faceattend.server.reports;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_CORRECTIONS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The check-in and check-out that count for a person's work day: the punch, replaced by the latest
 * hand correction or manual mark of that day and kind (the punch row itself is never changed). The
 * one source of truth for a day: reports and payroll ({@link AttendanceDays}), the app's status,
 * its history and the punch rules all read it.
 */
public final class DayPunches {

  /** One counted time, in the zone it was punched (or marked) in. */
  public record Punch(OffsetDateTime at, ZoneId zone, boolean corrected) {
    public ZonedDateTime zoned() {
      return at.atZoneSameInstant(zone);
    }

    public LocalDateTime local() {
      return zoned().toLocalDateTime();
    }
  }

  /** A work day's counted check-in and check-out; either may be absent. */
  public record Day(Optional<Punch> checkIn, Optional<Punch> checkOut) {
    public static final Day EMPTY = new Day(Optional.empty(), Optional.empty());

    public boolean corrected() {
      return checkIn.map(Punch::corrected).orElse(false)
          || checkOut.map(Punch::corrected).orElse(false);
    }
  }

  private DayPunches() {}

  /** One person's day. */
  public static Day of(DSLContext db, long userId, LocalDate workDate, ZoneId fallbackZone) {
    return of(db, List.of(userId), workDate, workDate, fallbackZone)
        .getOrDefault(userId, Map.of())
        .getOrDefault(workDate, Day.EMPTY);
  }

  /**
   * The days of several people over a period that have a punch or a correction, per person and
   * date.
   */
  public static Map<Long, Map<LocalDate, Day>> of(
      DSLContext db, Collection<Long> userIds, LocalDate from, LocalDate to, ZoneId fallbackZone) {
    Map<Long, Map<LocalDate, Punch[]>> found = new HashMap<>();
    db.select(
            ATTENDANCE_PUNCHES.USER_ID,
            ATTENDANCE_PUNCHES.WORK_DATE,
            ATTENDANCE_PUNCHES.KIND,
            ATTENDANCE_PUNCHES.PUNCHED_AT,
            ATTENDANCE_PUNCHES.TIME_ZONE)
        .from(ATTENDANCE_PUNCHES)
        .where(ATTENDANCE_PUNCHES.USER_ID.in(userIds))
        .and(ATTENDANCE_PUNCHES.WORK_DATE.between(from, to))
        .forEach(
            row ->
                slot(found, row.value1(), row.value2())["check_in".equals(row.value3()) ? 0 : 1] =
                    new Punch(row.value4(), zoneOf(row.value5(), fallbackZone), false));
    // corrections in the order made: the latest one wins
    db.select(
            ATTENDANCE_CORRECTIONS.USER_ID,
            ATTENDANCE_CORRECTIONS.WORK_DATE,
            ATTENDANCE_CORRECTIONS.KIND,
            ATTENDANCE_CORRECTIONS.CORRECTED_AT,
            ATTENDANCE_CORRECTIONS.TIME_ZONE)
        .from(ATTENDANCE_CORRECTIONS)
        .where(ATTENDANCE_CORRECTIONS.USER_ID.in(userIds))
        .and(ATTENDANCE_CORRECTIONS.WORK_DATE.between(from, to))
        .orderBy(ATTENDANCE_CORRECTIONS.ID)
        .forEach(
            row ->
                slot(found, row.value1(), row.value2())["check_in".equals(row.value3()) ? 0 : 1] =
                    new Punch(row.value4(), zoneOf(row.value5(), fallbackZone), true));
    Map<Long, Map<LocalDate, Day>> days = new HashMap<>();
    found.forEach(
        (user, byDate) -> {
          Map<LocalDate, Day> converted = new HashMap<>();
          byDate.forEach(
              (date, pair) ->
                  converted.put(
                      date, new Day(Optional.ofNullable(pair[0]), Optional.ofNullable(pair[1]))));
          days.put(user, converted);
        });
    return days;
  }

  private static Punch[] slot(
      Map<Long, Map<LocalDate, Punch[]>> found, long userId, LocalDate date) {
    return found
        .computeIfAbsent(userId, k -> new HashMap<>())
        .computeIfAbsent(date, k -> new Punch[2]);
  }

  private static ZoneId zoneOf(String id, ZoneId fallback) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
