package io.faceattend.server.schedule;

import static io.faceattend.db.jooq.Tables.SCHEDULES;
import static io.faceattend.db.jooq.Tables.SCHEDULE_SHIFTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.SchedulesRecord;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/** Reading and setting users' schedules. */
public final class Schedules {

  /** A schedule as an administrator sends it, before validation. */
  public record Input(List<Integer> workingDays, String start, String end, int graceMinutes,
      Integer overtimeAfterMinutes, List<ShiftInput> shifts) {}

  /** One shift as sent: ISO weekdays and local HH:mm times. */
  public record ShiftInput(List<Integer> days, String start, String end) {}

  private final DSLContext db;

  public Schedules(DSLContext db) {
    this.db = db;
  }

  public Optional<WorkSchedule> of(long userId) {
    return Optional.ofNullable(of(db, List.of(userId)).get(userId));
  }

  /** The schedules of {@code userIds} that have one, read in two queries. */
  public static Map<Long, WorkSchedule> of(DSLContext db, Collection<Long> userIds) {
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts = new HashMap<>();
    db.selectFrom(SCHEDULE_SHIFTS).where(SCHEDULE_SHIFTS.USER_ID.in(userIds)).forEach(row -> shifts
        .computeIfAbsent(row.getUserId(), k -> new EnumMap<>(DayOfWeek.class))
        .put(DayOfWeek.of(row.getIsoDay()), new WorkSchedule.Shift(row.getStartTime(), row.getEndTime())));
    Map<Long, WorkSchedule> found = new HashMap<>();
    db.selectFrom(SCHEDULES).where(SCHEDULES.USER_ID.in(userIds)).forEach(row -> found.put(row.getUserId(),
        schedule(row, shifts.getOrDefault(row.getUserId(), Map.of()))));
    return found;
  }

  private static WorkSchedule schedule(SchedulesRecord row, Map<DayOfWeek, WorkSchedule.Shift> shifts) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Arrays.stream(row.getWorkingDays()).map(DayOfWeek::of).forEach(days::add);
    return new WorkSchedule(days, row.getStartTime(), row.getEndTime(), row.getGraceMinutes(),
        row.getOvertimeAfterMinutes(), shifts);
  }

  /** Validates and stores (replaces) a user's schedule in {@code tx}. */
  public WorkSchedule set(DSLContext tx, long userId, Input input) {
    if (!tx.fetchExists(USERS, USERS.ID.eq(userId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
    }
    WorkSchedule schedule = validate(input);
    Integer[] stored = schedule.workingDays().stream().map(DayOfWeek::getValue).sorted().toArray(Integer[]::new);
    tx.insertInto(SCHEDULES)
        .set(SCHEDULES.USER_ID, userId)
        .set(SCHEDULES.WORKING_DAYS, stored)
        .set(SCHEDULES.START_TIME, schedule.start())
        .set(SCHEDULES.END_TIME, schedule.end())
        .set(SCHEDULES.GRACE_MINUTES, schedule.graceMinutes())
        .set(SCHEDULES.OVERTIME_AFTER_MINUTES, schedule.overtimeAfterMinutes())
        .onConflict(SCHEDULES.USER_ID).doUpdate()
        .set(SCHEDULES.WORKING_DAYS, stored)
        .set(SCHEDULES.START_TIME, schedule.start())
        .set(SCHEDULES.END_TIME, schedule.end())
        .set(SCHEDULES.GRACE_MINUTES, schedule.graceMinutes())
        .set(SCHEDULES.OVERTIME_AFTER_MINUTES, schedule.overtimeAfterMinutes())
        .set(SCHEDULES.UPDATED_AT, OffsetDateTime.now())
        .execute();
    tx.deleteFrom(SCHEDULE_SHIFTS).where(SCHEDULE_SHIFTS.USER_ID.eq(userId)).execute();
    schedule.shifts().forEach((day, shift) -> tx.insertInto(SCHEDULE_SHIFTS)
        .set(SCHEDULE_SHIFTS.USER_ID, userId)
        .set(SCHEDULE_SHIFTS.ISO_DAY, day.getValue())
        .set(SCHEDULE_SHIFTS.START_TIME, shift.start())
        .set(SCHEDULE_SHIFTS.END_TIME, shift.end())
        .execute());
    return schedule;
  }

  /** The schedule {@code input} describes; invalid_argument or missing_field naming the field otherwise. */
  public static WorkSchedule validate(Input input) {
    if (input.workingDays().isEmpty()) {
      throw ApiException.missingField("working_days");
    }
    Set<DayOfWeek> days = days("working_days", input.workingDays());
    WorkSchedule.Shift hours = shift("start_time", input.start(), "end_time", input.end());
    if (input.graceMinutes() < 0 || input.graceMinutes() > 720) {
      throw ApiException.invalid("grace_minutes must be between 0 and 720");
    }
    Integer overtimeAfter = input.overtimeAfterMinutes();
    if (overtimeAfter != null && (overtimeAfter < 0 || overtimeAfter > 1440)) {
      throw ApiException.invalid("overtime_after_minutes must be between 0 and 1440");
    }
    Map<DayOfWeek, WorkSchedule.Shift> shifts = new EnumMap<>(DayOfWeek.class);
    for (ShiftInput given : input.shifts()) {
      if (given.days().isEmpty()) {
        throw ApiException.missingField("shifts.days");
      }
      WorkSchedule.Shift shift = shift("shifts.start_time", given.start(), "shifts.end_time", given.end());
      for (DayOfWeek day : days("shifts.days", given.days())) {
        if (!days.contains(day)) {
          throw ApiException.invalid("shift day " + day.getValue() + " is not one of the working_days");
        }
        if (shifts.put(day, shift) != null) {
          throw ApiException.invalid("two shifts on day " + day.getValue());
        }
      }
    }
    return new WorkSchedule(days, hours.start(), hours.end(), input.graceMinutes(), overtimeAfter, shifts);
  }

  private static WorkSchedule.Shift shift(String startField, String start, String endField, String end) {
    LocalTime startTime = time(startField, start);
    LocalTime endTime = time(endField, end);
    if (endTime.equals(startTime)) {
      throw ApiException.invalid(endField + " must differ from " + startField
          + " (an earlier end means the shift ends the next day)");
    }
    return new WorkSchedule.Shift(startTime, endTime);
  }

  private static Set<DayOfWeek> days(String field, List<Integer> isoDays) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Integer day : isoDays) {
      if (day == null || day < 1 || day > 7) {
        throw ApiException.invalid(field + " are ISO weekdays, 1 (Monday) to 7 (Sunday)");
      }
      days.add(DayOfWeek.of(day));
    }
    return days;
  }

  private static LocalTime time(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField(field);
    }
    try {
      return LocalTime.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field + " must be a time HH:mm");
    }
  }
}
