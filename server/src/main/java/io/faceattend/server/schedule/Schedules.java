package io.faceattend.server.schedule;

import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.DEPARTMENT_SCHEDULES;
import static io.faceattend.db.jooq.Tables.SCHEDULES;
import static io.faceattend.db.jooq.Tables.SCHEDULE_SHIFTS;
import static io.faceattend.db.jooq.Tables.USERS;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * Reading and setting schedules. A user's own schedule wins; without one, their department's (course's, class's)
 * applies; without either, every day is a working day for punches and reports assume Monday to Friday.
 */
public final class Schedules {

  /** A schedule as an administrator sends it, before validation. */
  public record Input(List<Integer> workingDays, String start, String end, int graceMinutes,
      Integer overtimeAfterMinutes, List<ShiftInput> shifts) {}

  /** One shift as sent: ISO weekdays and local HH:mm times. */
  public record ShiftInput(List<Integer> days, String start, String end) {}

  /** Where a user's schedule comes from: their own, or their department's. */
  public record Assigned(WorkSchedule schedule, String source, Long departmentId) {}

  private final DSLContext db;

  public Schedules(DSLContext db) {
    this.db = db;
  }

  /** The schedule that applies to a user: their own, else their department's; empty when neither exists. */
  public Optional<WorkSchedule> of(long userId) {
    return Optional.ofNullable(of(db, List.of(userId)).get(userId));
  }

  /** As {@link #of(long)}, saying where it comes from. */
  public Optional<Assigned> assignedTo(long userId) {
    Optional<WorkSchedule> own = Optional.ofNullable(ownSchedules(db, List.of(userId)).get(userId));
    if (own.isPresent()) {
      return Optional.of(new Assigned(own.get(), "user", null));
    }
    Long departmentId = db.select(USERS.DEPARTMENT_ID).from(USERS).where(USERS.ID.eq(userId))
        .fetchOne(USERS.DEPARTMENT_ID);
    if (departmentId == null) {
      return Optional.empty();
    }
    return ofDepartment(departmentId).map(schedule -> new Assigned(schedule, "department", departmentId));
  }

  /** A department's schedule, if it has one. */
  public Optional<WorkSchedule> ofDepartment(long departmentId) {
    return Optional.ofNullable(departmentSchedules(db, List.of(departmentId)).get(departmentId));
  }

  /**
   * The schedules that apply to {@code userIds} (their own, else their department's), for those that have one;
   * a handful of queries whatever the number of people.
   */
  public static Map<Long, WorkSchedule> of(DSLContext db, Collection<Long> userIds) {
    Map<Long, WorkSchedule> found = ownSchedules(db, userIds);
    List<Long> without = userIds.stream().filter(id -> !found.containsKey(id)).toList();
    if (without.isEmpty()) {
      return found;
    }
    Map<Long, Long> departmentOf = new HashMap<>();
    db.select(USERS.ID, USERS.DEPARTMENT_ID).from(USERS)
        .where(USERS.ID.in(without)).and(USERS.DEPARTMENT_ID.isNotNull())
        .forEach(row -> departmentOf.put(row.value1(), row.value2()));
    Map<Long, WorkSchedule> byDepartment = departmentSchedules(db, new HashSet<>(departmentOf.values()));
    departmentOf.forEach((userId, departmentId) -> {
      WorkSchedule schedule = byDepartment.get(departmentId);
      if (schedule != null) {
        found.put(userId, schedule);
      }
    });
    return found;
  }

  private static Map<Long, WorkSchedule> ownSchedules(DSLContext db, Collection<Long> userIds) {
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts = shifts(db, SCHEDULE_SHIFTS.USER_ID, userIds);
    Map<Long, WorkSchedule> found = new HashMap<>();
    db.selectFrom(SCHEDULES).where(SCHEDULES.USER_ID.in(userIds)).forEach(row -> found.put(row.getUserId(),
        schedule(row.getWorkingDays(), row.getStartTime(), row.getEndTime(), row.getGraceMinutes(),
            row.getOvertimeAfterMinutes(), shifts.getOrDefault(row.getUserId(), Map.of()))));
    return found;
  }

  private static Map<Long, WorkSchedule> departmentSchedules(DSLContext db, Collection<Long> departmentIds) {
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts =
        shifts(db, SCHEDULE_SHIFTS.DEPARTMENT_ID, departmentIds);
    Map<Long, WorkSchedule> found = new HashMap<>();
    db.selectFrom(DEPARTMENT_SCHEDULES).where(DEPARTMENT_SCHEDULES.DEPARTMENT_ID.in(departmentIds))
        .forEach(row -> found.put(row.getDepartmentId(), schedule(row.getWorkingDays(), row.getStartTime(),
            row.getEndTime(), row.getGraceMinutes(), row.getOvertimeAfterMinutes(),
            shifts.getOrDefault(row.getDepartmentId(), Map.of()))));
    return found;
  }

  /** Shifts per owner, the owner being the user or the department column of schedule_shifts. */
  private static Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts(DSLContext db, Field<Long> owner,
      Collection<Long> ownerIds) {
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts = new HashMap<>();
    db.select(owner, SCHEDULE_SHIFTS.ISO_DAY, SCHEDULE_SHIFTS.START_TIME, SCHEDULE_SHIFTS.END_TIME)
        .from(SCHEDULE_SHIFTS).where(owner.in(ownerIds))
        .forEach(row -> shifts.computeIfAbsent(row.value1(), k -> new EnumMap<>(DayOfWeek.class))
            .put(DayOfWeek.of(row.value2()), new WorkSchedule.Shift(row.value3(), row.value4())));
    return shifts;
  }

  private static WorkSchedule schedule(Integer[] workingDays, LocalTime start, LocalTime end, int graceMinutes,
      Integer overtimeAfterMinutes, Map<DayOfWeek, WorkSchedule.Shift> shifts) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Arrays.stream(workingDays).map(DayOfWeek::of).forEach(days::add);
    return new WorkSchedule(days, start, end, graceMinutes, overtimeAfterMinutes, shifts);
  }

  /** Validates and stores (replaces) a user's own schedule in {@code tx}. */
  public WorkSchedule set(DSLContext tx, long userId, Input input) {
    if (!tx.fetchExists(USERS, USERS.ID.eq(userId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
    }
    WorkSchedule schedule = validate(input);
    Integer[] stored = storedDays(schedule);
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
    storeShifts(tx, SCHEDULE_SHIFTS.USER_ID, userId, schedule);
    return schedule;
  }

  /** Validates and stores (replaces) a department's schedule in {@code tx}. */
  public WorkSchedule setForDepartment(DSLContext tx, long departmentId, Input input) {
    if (!tx.fetchExists(DEPARTMENTS, DEPARTMENTS.ID.eq(departmentId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Department " + departmentId + " does not exist");
    }
    WorkSchedule schedule = validate(input);
    Integer[] stored = storedDays(schedule);
    tx.insertInto(DEPARTMENT_SCHEDULES)
        .set(DEPARTMENT_SCHEDULES.DEPARTMENT_ID, departmentId)
        .set(DEPARTMENT_SCHEDULES.WORKING_DAYS, stored)
        .set(DEPARTMENT_SCHEDULES.START_TIME, schedule.start())
        .set(DEPARTMENT_SCHEDULES.END_TIME, schedule.end())
        .set(DEPARTMENT_SCHEDULES.GRACE_MINUTES, schedule.graceMinutes())
        .set(DEPARTMENT_SCHEDULES.OVERTIME_AFTER_MINUTES, schedule.overtimeAfterMinutes())
        .onConflict(DEPARTMENT_SCHEDULES.DEPARTMENT_ID).doUpdate()
        .set(DEPARTMENT_SCHEDULES.WORKING_DAYS, stored)
        .set(DEPARTMENT_SCHEDULES.START_TIME, schedule.start())
        .set(DEPARTMENT_SCHEDULES.END_TIME, schedule.end())
        .set(DEPARTMENT_SCHEDULES.GRACE_MINUTES, schedule.graceMinutes())
        .set(DEPARTMENT_SCHEDULES.OVERTIME_AFTER_MINUTES, schedule.overtimeAfterMinutes())
        .set(DEPARTMENT_SCHEDULES.UPDATED_AT, OffsetDateTime.now())
        .execute();
    storeShifts(tx, SCHEDULE_SHIFTS.DEPARTMENT_ID, departmentId, schedule);
    return schedule;
  }

  /** Removes a user's own schedule (their department's applies again); false when they had none. */
  public boolean clear(DSLContext tx, long userId) {
    return tx.deleteFrom(SCHEDULES).where(SCHEDULES.USER_ID.eq(userId)).execute() > 0;
  }

  /** Removes a department's schedule; false when it had none. */
  public boolean clearDepartment(DSLContext tx, long departmentId) {
    return tx.deleteFrom(DEPARTMENT_SCHEDULES).where(DEPARTMENT_SCHEDULES.DEPARTMENT_ID.eq(departmentId))
        .execute() > 0;
  }

  private static Integer[] storedDays(WorkSchedule schedule) {
    return schedule.workingDays().stream().map(DayOfWeek::getValue).sorted().toArray(Integer[]::new);
  }

  private static void storeShifts(DSLContext tx, Field<Long> owner, long ownerId, WorkSchedule schedule) {
    tx.deleteFrom(SCHEDULE_SHIFTS).where(owner.eq(ownerId)).execute();
    schedule.shifts().forEach((day, shift) -> tx.insertInto(SCHEDULE_SHIFTS)
        .set(owner, ownerId)
        .set(SCHEDULE_SHIFTS.ISO_DAY, day.getValue())
        .set(SCHEDULE_SHIFTS.START_TIME, shift.start())
        .set(SCHEDULE_SHIFTS.END_TIME, shift.end())
        .execute());
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
