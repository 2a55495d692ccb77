package io.faceattend.server.corrections;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_CORRECTIONS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.Tables;
import io.faceattend.db.jooq.tables.records.AttendanceCorrectionsRecord;
import io.faceattend.proto.v1.AttendanceCorrection;
import io.faceattend.proto.v1.ListCorrectionsResponse;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.error.Fields;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import io.faceattend.server.people.People;
import io.faceattend.server.people.Scope;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Manual marking and correction of punches. The punch row is never touched: a correction row
 * records the new time, the original time, the reason and who did it, and reports count the latest
 * correction. A correction without a time zone of its own is in the platform's ({@code
 * store.zone()}).
 */
public record Corrections(Store store) {

  public AttendanceCorrection correct(
      Caller caller,
      long userId,
      String date,
      String kind,
      String time,
      String timeZone,
      String reason) {
    if (userId <= 0) {
      throw ApiException.missingField("user_id");
    }
    if (reason == null || reason.isBlank()) {
      throw ApiException.missingField("reason");
    }
    if (!"check_in".equals(kind) && !"check_out".equals(kind)) {
      throw ApiException.invalid("kind must be check_in or check_out");
    }
    LocalDate day = parse("date", date, LocalDate::parse);
    LocalTime at = parse("time", time, LocalTime::parse);
    return store.transactionResult(
        tx -> record(tx, caller, userId, day, kind, at, timeZone, reason));
  }

  /** Who was marked and who was left alone by a bulk marking. */
  public record BulkResult(int marked, int skipped) {}

  /**
   * Marks a check-in (and a check-out when {@code checkOut} is given) for every active member of a
   * group on a day, except those who already have that punch or a correction of it; one
   * transaction, each mark audited.
   */
  public BulkResult markGroup(
      Caller caller,
      long departmentId,
      String date,
      String checkIn,
      String checkOut,
      String timeZone,
      String reason) {
    if (departmentId <= 0) {
      throw ApiException.missingField("department_id");
    }
    if (reason == null || reason.isBlank()) {
      throw ApiException.missingField("reason");
    }
    LocalDate day = parse("date", date, LocalDate::parse);
    LocalTime in = parse("check_in", checkIn, LocalTime::parse);
    LocalTime out =
        checkOut == null || checkOut.isBlank()
            ? null
            : parse("check_out", checkOut, LocalTime::parse);
    // a check-out before the check-in is the next morning's: only for a group working a night shift
    // that day
    boolean nextMorning = out != null && !out.isAfter(in);
    return store.transactionResult(
        tx -> {
          if (!tx.fetchExists(
              Tables.DEPARTMENTS,
              Tables.DEPARTMENTS
                  .ID
                  .eq(departmentId)
                  .and(Scope.departments(caller, Tables.DEPARTMENTS.ID)))) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "Department " + departmentId + " does not exist");
          }
          var members =
              tx.select(USERS.ID)
                  .from(USERS)
                  .where(USERS.DEPARTMENT_ID.eq(departmentId))
                  .and(USERS.DEACTIVATED_AT.isNull())
                  .orderBy(USERS.ID)
                  .fetch(USERS.ID);
          if (nextMorning) {
            Map<Long, WorkSchedule> schedules = Schedules.of(tx, members);
            for (long userId : members) {
              boolean night =
                  Optional.ofNullable(schedules.get(userId))
                      .flatMap(s -> s.shiftOn(day))
                      .map(shift -> shift.overnight())
                      .orElse(false);
              if (!night) {
                throw ApiException.invalid(
                    "check_out must be after check_in, unless the group works a night shift "
                        + "that day; user "
                        + userId
                        + " does not");
              }
            }
          }
          int marked = 0;
          int skipped = 0;
          for (long userId : members) {
            for (String kind :
                out == null ? List.of("check_in") : List.of("check_in", "check_out")) {
              boolean present =
                  tx.fetchExists(
                          ATTENDANCE_PUNCHES,
                          ATTENDANCE_PUNCHES
                              .USER_ID
                              .eq(userId)
                              .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(day))
                              .and(ATTENDANCE_PUNCHES.KIND.eq(kind)))
                      || tx.fetchExists(
                          ATTENDANCE_CORRECTIONS,
                          ATTENDANCE_CORRECTIONS
                              .USER_ID
                              .eq(userId)
                              .and(ATTENDANCE_CORRECTIONS.WORK_DATE.eq(day))
                              .and(ATTENDANCE_CORRECTIONS.KIND.eq(kind)));
              if (present) {
                skipped++;
              } else {
                record(
                    tx,
                    caller,
                    userId,
                    day,
                    kind,
                    "check_in".equals(kind) ? in : out,
                    timeZone,
                    reason);
                marked++;
              }
            }
          }
          store.audit(
              tx,
              caller.actor(),
              "attendance.bulk_mark",
              "department",
              departmentId,
              Map.of(
                  "date",
                  day.toString(),
                  "marked",
                  marked,
                  "skipped",
                  skipped,
                  "reason",
                  reason.trim()));
          return new BulkResult(marked, skipped);
        });
  }

  private AttendanceCorrection record(
      DSLContext tx,
      Caller caller,
      long userId,
      LocalDate day,
      String kind,
      LocalTime at,
      String timeZone,
      String reason) {
    People.lockActive(tx, caller, userId);
    var original =
        tx.select(
                ATTENDANCE_PUNCHES.ID, ATTENDANCE_PUNCHES.PUNCHED_AT, ATTENDANCE_PUNCHES.TIME_ZONE)
            .from(ATTENDANCE_PUNCHES)
            .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
            .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(day))
            .and(ATTENDANCE_PUNCHES.KIND.eq(kind))
            .fetchOptional()
            .orElse(null);
    ZoneId zone;
    try {
      zone =
          timeZone != null && !timeZone.isBlank()
              ? ZoneId.of(timeZone.trim())
              : original != null ? ZoneId.of(original.value3()) : store.zone();
    } catch (RuntimeException e) {
      throw ApiException.invalid("time_zone must be an IANA time zone such as Europe/Madrid");
    }
    // a check-out of an overnight shift (22:00-06:00) given as 05:00 is the next morning's
    boolean nextMorning =
        "check_out".equals(kind)
            && Schedules.of(tx, List.of(userId)).values().stream()
                .flatMap(schedule -> schedule.shiftOn(day).stream())
                .anyMatch(shift -> shift.overnight() && at.isBefore(shift.start()));
    OffsetDateTime corrected =
        (nextMorning ? day.plusDays(1) : day).atTime(at).atZone(zone).toOffsetDateTime();
    if (corrected.toInstant().isAfter(store.clock().instant())) {
      throw ApiException.invalid("a correction cannot be in the future");
    }
    // the day must stay a day: its check-in before its check-out, whichever of the two is corrected
    OffsetDateTime other =
        effectiveTime(tx, userId, day, "check_in".equals(kind) ? "check_out" : "check_in");
    if (other != null
        && ("check_in".equals(kind) ? !corrected.isBefore(other) : !corrected.isAfter(other))) {
      throw ApiException.invalid(
          "check_in".equals(kind)
              ? "check_in must be before the day's check-out ("
                  + other.atZoneSameInstant(zone).toLocalTime()
                  + ")"
              : "check_out must be after the day's check-in ("
                  + other.atZoneSameInstant(zone).toLocalTime()
                  + ")");
    }
    AttendanceCorrectionsRecord row =
        tx.insertInto(ATTENDANCE_CORRECTIONS)
            .set(ATTENDANCE_CORRECTIONS.USER_ID, userId)
            .set(ATTENDANCE_CORRECTIONS.WORK_DATE, day)
            .set(ATTENDANCE_CORRECTIONS.KIND, kind)
            .set(ATTENDANCE_CORRECTIONS.CORRECTED_AT, corrected)
            .set(ATTENDANCE_CORRECTIONS.TIME_ZONE, zone.getId())
            .set(
                ATTENDANCE_CORRECTIONS.ORIGINAL_PUNCH_ID,
                original == null ? null : original.value1())
            .set(
                ATTENDANCE_CORRECTIONS.ORIGINAL_PUNCHED_AT,
                original == null ? null : original.value2())
            .set(ATTENDANCE_CORRECTIONS.REASON, reason.trim())
            .set(ATTENDANCE_CORRECTIONS.CORRECTED_BY, caller.userId())
            .returning()
            .fetchSingle();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("date", day.toString());
    details.put("kind", kind);
    details.put("corrected_at", corrected.toString());
    details.put("original_punched_at", original == null ? null : original.value2().toString());
    details.put("reason", reason.trim());
    details.put("correction_id", row.getId());
    store.audit(
        tx,
        caller.actor(),
        original == null ? "attendance.mark" : "attendance.correct",
        "user",
        userId,
        details);
    store
        .audit()
        .events()
        .record(tx, EventTypes.CORRECTED, userId, Events.with(details, "user_id", userId));
    return toProto(row);
  }

  /**
   * The time a day's punch counts with: its latest correction, else the punch itself; null when
   * neither.
   */
  private static OffsetDateTime effectiveTime(
      DSLContext tx, long userId, LocalDate day, String kind) {
    OffsetDateTime corrected =
        tx.select(ATTENDANCE_CORRECTIONS.CORRECTED_AT)
            .from(ATTENDANCE_CORRECTIONS)
            .where(ATTENDANCE_CORRECTIONS.USER_ID.eq(userId))
            .and(ATTENDANCE_CORRECTIONS.WORK_DATE.eq(day))
            .and(ATTENDANCE_CORRECTIONS.KIND.eq(kind))
            .orderBy(ATTENDANCE_CORRECTIONS.ID.desc())
            .limit(1)
            .fetchOne(ATTENDANCE_CORRECTIONS.CORRECTED_AT);
    if (corrected != null) {
      return corrected;
    }
    return tx.select(ATTENDANCE_PUNCHES.PUNCHED_AT)
        .from(ATTENDANCE_PUNCHES)
        .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
        .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(day))
        .and(ATTENDANCE_PUNCHES.KIND.eq(kind))
        .fetchOne(ATTENDANCE_PUNCHES.PUNCHED_AT);
  }

  public ListCorrectionsResponse list(
      Caller caller, long userId, String from, String to, int page, int pageSize) {
    Fields.Page paging = Fields.Page.of(page, pageSize, "page_size", 20, 100);
    int number = paging.number();
    int size = paging.size();
    Condition where = Scope.people(caller, ATTENDANCE_CORRECTIONS.USER_ID);
    if (userId != 0) {
      where = where.and(ATTENDANCE_CORRECTIONS.USER_ID.eq(userId));
    }
    LocalDate fromDate = Fields.optionalIsoDate("from", from);
    if (fromDate != null) {
      where = where.and(ATTENDANCE_CORRECTIONS.WORK_DATE.ge(fromDate));
    }
    LocalDate toDate = Fields.optionalIsoDate("to", to);
    if (toDate != null) {
      where = where.and(ATTENDANCE_CORRECTIONS.WORK_DATE.le(toDate));
    }
    long count = store.db().fetchCount(ATTENDANCE_CORRECTIONS, where);
    return ListCorrectionsResponse.newBuilder()
        .setCount(count)
        .setPage(number)
        .setPageSize(size)
        .addAllResults(
            store
                .db()
                .selectFrom(ATTENDANCE_CORRECTIONS)
                .where(where)
                .orderBy(ATTENDANCE_CORRECTIONS.ID.desc())
                .limit(size)
                .offset(paging.offset())
                .fetch(Corrections::toProto))
        .build();
  }

  private static AttendanceCorrection toProto(AttendanceCorrectionsRecord row) {
    AttendanceCorrection.Builder proto =
        AttendanceCorrection.newBuilder()
            .setId(row.getId())
            .setUserId(row.getUserId())
            .setDate(row.getWorkDate().toString())
            .setKind(row.getKind())
            .setCorrectedAt(
                row.getCorrectedAt()
                    .atZoneSameInstant(ZoneId.of(row.getTimeZone()))
                    .toOffsetDateTime()
                    .toString())
            .setTimeZone(row.getTimeZone())
            .setReason(row.getReason())
            .setCorrectedBy(row.getCorrectedBy() == null ? 0 : row.getCorrectedBy())
            .setCreatedAt(row.getCreatedAt().toString());
    if (row.getOriginalPunchedAt() != null) {
      proto.setOriginalPunchedAt(row.getOriginalPunchedAt().toString());
    }
    return proto.build();
  }

  private static <T> T parse(String field, String value, Function<String, T> parser) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField(field);
    }
    try {
      return parser.apply(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field + " is not valid: " + value);
    }
  }
}
