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
 * Reading and setting schedules. A user's own schedule wins; without one, their department's
 * (course's, class's) applies; without either, every day is a working day for punches and reports
 * assume Monday to Friday.
 */
public record Schedules(DSLContext db) {

  /** A schedule as an administrator sends it, before validation. */
  public record Input(
      List<Integer> workingDays,
      String start,
      String end,
      int graceMinutes,
      Integer overtimeAfterMinutes,
      List<ShiftInput> shifts) {}

  /** One shift as sent: ISO weekdays and local HH:mm times. */
  public record ShiftInput(List<Integer> days, String start, String end) {}

  /** Where a user's schedule comes from: their own, or their department's. */
  public record Assigned(WorkSchedule schedule, String source, Long departmentId) {}

  /**
   * The schedule that applies to a user: their own, else their department's; empty when neither
   * exists.
   */
  public Optional<WorkSchedule> of(long userId) {
    return assignedTo(userId).map(Assigned::schedule);
  }

  /** As {@link #of(long)}, saying where it comes from. */
  public Optional<Assigned> assignedTo(long userId) {
    return Optional.ofNullable(assigned(db, List.of(userId)).get(userId));
  }

  /** A department's schedule, if it has one. */
  public Optional<WorkSchedule> ofDepartment(long departmentId) {
    var row =
        db.selectFrom(DEPARTMENT_SCHEDULES)
            .where(DEPARTMENT_SCHEDULES.DEPARTMENT_ID.eq(departmentId))
            .fetchOne();
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(
        schedule(
            row.getWorkingDays(),
            row.getStartTime(),
            row.getEndTime(),
            row.getGraceMinutes(),
            row.getOvertimeAfterMinutes(),
            shifts(db, SCHEDULE_SHIFTS.DEPARTMENT_ID, List.of(departmentId))
                .getOrDefault(departmentId, Map.of())));
  }

  /**
   * The schedules that apply to {@code userIds} (their own, else their department's), for those
   * that have one.
   */
  public static Map<Long, WorkSchedule> of(DSLContext db, Collection<Long> userIds) {
    Map<Long, WorkSchedule> found = new HashMap<>();
    assigned(db, userIds).forEach((userId, assigned) -> found.put(userId, assigned.schedule()));
    return found;
  }

  /**
   * Own and department schedules in one query (a punch reads this), their shifts in a second one
   * only when some schedule was found.
   */
  private static Map<Long, Assigned> assigned(DSLContext db, Collection<Long> userIds) {
    var rows =
        db.select(USERS.ID, USERS.DEPARTMENT_ID)
            .select(SCHEDULES.fields())
            .select(DEPARTMENT_SCHEDULES.fields())
            .from(USERS)
            .leftJoin(SCHEDULES)
            .on(SCHEDULES.USER_ID.eq(USERS.ID))
            .leftJoin(DEPARTMENT_SCHEDULES)
            .on(DEPARTMENT_SCHEDULES.DEPARTMENT_ID.eq(USERS.DEPARTMENT_ID))
            .where(USERS.ID.in(userIds))
            .fetch();
    Set<Long> ownerUsers = new HashSet<>();
    Set<Long> ownerDepartments = new HashSet<>();
    for (var row : rows) {
      if (row.get(SCHEDULES.USER_ID) != null) {
        ownerUsers.add(row.get(USERS.ID));
      } else if (row.get(DEPARTMENT_SCHEDULES.DEPARTMENT_ID) != null) {
        ownerDepartments.add(row.get(USERS.DEPARTMENT_ID));
      }
    }
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> userShifts =
        ownerUsers.isEmpty() ? Map.of() : shifts(db, SCHEDULE_SHIFTS.USER_ID, ownerUsers);
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> departmentShifts =
        ownerDepartments.isEmpty()
            ? Map.of()
            : shifts(db, SCHEDULE_SHIFTS.DEPARTMENT_ID, ownerDepartments);
    Map<Long, Assigned> found = new HashMap<>();
    for (var row : rows) {
      long userId = row.get(USERS.ID);
      if (row.get(SCHEDULES.USER_ID) != null) {
        found.put(
            userId,
            new Assigned(
                schedule(
                    row.get(SCHEDULES.WORKING_DAYS),
                    row.get(SCHEDULES.START_TIME),
                    row.get(SCHEDULES.END_TIME),
                    row.get(SCHEDULES.GRACE_MINUTES),
                    row.get(SCHEDULES.OVERTIME_AFTER_MINUTES),
                    userShifts.getOrDefault(userId, Map.of())),
                "user",
                null));
      } else if (row.get(DEPARTMENT_SCHEDULES.DEPARTMENT_ID) != null) {
        long departmentId = row.get(USERS.DEPARTMENT_ID);
        found.put(
            userId,
            new Assigned(
                schedule(
                    row.get(DEPARTMENT_SCHEDULES.WORKING_DAYS),
                    row.get(DEPARTMENT_SCHEDULES.START_TIME),
                    row.get(DEPARTMENT_SCHEDULES.END_TIME),
                    row.get(DEPARTMENT_SCHEDULES.GRACE_MINUTES),
                    row.get(DEPARTMENT_SCHEDULES.OVERTIME_AFTER_MINUTES),
                    departmentShifts.getOrDefault(departmentId, Map.of())),
                "department",
                departmentId));
      }
    }
    return found;
  }

  /** Shifts per owner, the owner being the user or the department column of schedule_shifts. */
  private static Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts(
      DSLContext db, Field<Long> owner, Collection<Long> ownerIds) {
    Map<Long, Map<DayOfWeek, WorkSchedule.Shift>> shifts = new HashMap<>();
    db.select(owner, SCHEDULE_SHIFTS.ISO_DAY, SCHEDULE_SHIFTS.START_TIME, SCHEDULE_SHIFTS.END_TIME)
        .from(SCHEDULE_SHIFTS)
        .where(owner.in(ownerIds))
        .forEach(
            row ->
                shifts
                    .computeIfAbsent(row.value1(), k -> new EnumMap<>(DayOfWeek.class))
                    .put(
                        DayOfWeek.of(row.value2()),
                        new WorkSchedule.Shift(row.value3(), row.value4())));
    return shifts;
  }

  private static WorkSchedule schedule(
      Integer[] workingDays,
      LocalTime start,
      LocalTime end,
      int graceMinutes,
      Integer overtimeAfterMinutes,
      Map<DayOfWeek, WorkSchedule.Shift> shifts) {
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
        .onConflict(SCHEDULES.USER_ID)
        .doUpdate()
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
        .onConflict(DEPARTMENT_SCHEDULES.DEPARTMENT_ID)
        .doUpdate()
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
    return tx.deleteFrom(DEPARTMENT_SCHEDULES)
            .where(DEPARTMENT_SCHEDULES.DEPARTMENT_ID.eq(departmentId))
            .execute()
        > 0;
  }

  private static Integer[] storedDays(WorkSchedule schedule) {
    return schedule.workingDays().stream()
        .map(DayOfWeek::getValue)
        .sorted()
        .toArray(Integer[]::new);
  }

  private static void storeShifts(
      DSLContext tx, Field<Long> owner, long ownerId, WorkSchedule schedule) {
    tx.deleteFrom(SCHEDULE_SHIFTS).where(owner.eq(ownerId)).execute();
    schedule
        .shifts()
        .forEach(
            (day, shift) ->
                tx.insertInto(SCHEDULE_SHIFTS)
                    .set(owner, ownerId)
                    .set(SCHEDULE_SHIFTS.ISO_DAY, day.getValue())
                    .set(SCHEDULE_SHIFTS.START_TIME, shift.start())
                    .set(SCHEDULE_SHIFTS.END_TIME, shift.end())
                    .execute());
  }

  /**
   * The schedule {@code input} describes; invalid_argument or missing_field naming the field
   * otherwise.
   */
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
      WorkSchedule.Shift shift =
          shift("shifts.start_time", given.start(), "shifts.end_time", given.end());
      for (DayOfWeek day : days("shifts.days", given.days())) {
        if (!days.contains(day)) {
          throw ApiException.invalid(
              "shift day " + day.getValue() + " is not one of the working_days");
        }
        if (shifts.put(day, shift) != null) {
          throw ApiException.invalid("two shifts on day " + day.getValue());
        }
      }
    }
    return new WorkSchedule(
        days, hours.start(), hours.end(), input.graceMinutes(), overtimeAfter, shifts);
  }

  private static WorkSchedule.Shift shift(
      String startField, String start, String endField, String end) {
    LocalTime startTime = time(startField, start);
    LocalTime endTime = time(endField, end);
    if (endTime.equals(startTime)) {
      throw ApiException.invalid(
          endField
              + " must differ from "
              + startField
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
