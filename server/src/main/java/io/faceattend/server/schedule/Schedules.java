package io.faceattend.server.schedule;

import static io.faceattend.db.jooq.Tables.SCHEDULES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/** Reading and setting users' schedules. */
public final class Schedules {

  private final DSLContext db;

  public Schedules(DSLContext db) {
    this.db = db;
  }

  public Optional<WorkSchedule> of(long userId) {
    return db.selectFrom(SCHEDULES).where(SCHEDULES.USER_ID.eq(userId)).fetchOptional()
        .map(row -> new WorkSchedule(days(List.of(row.getWorkingDays())), row.getStartTime(), row.getEndTime(),
            row.getGraceMinutes()));
  }

  /** Validates and stores (replaces) a user's schedule in {@code tx}. */
  public WorkSchedule set(DSLContext tx, long userId, List<Integer> workingDays, String start, String end,
      int graceMinutes) {
    if (!tx.fetchExists(USERS, USERS.ID.eq(userId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
    }
    if (workingDays.isEmpty()) {
      throw ApiException.missingField("working_days");
    }
    Set<DayOfWeek> days = days(workingDays);
    LocalTime startTime = time("start_time", start);
    LocalTime endTime = time("end_time", end);
    if (!endTime.isAfter(startTime)) {
      throw ApiException.invalid("end_time must be after start_time");
    }
    if (graceMinutes < 0 || graceMinutes > 720) {
      throw ApiException.invalid("grace_minutes must be between 0 and 720");
    }
    Integer[] stored = days.stream().map(DayOfWeek::getValue).sorted().toArray(Integer[]::new);
    tx.insertInto(SCHEDULES)
        .set(SCHEDULES.USER_ID, userId)
        .set(SCHEDULES.WORKING_DAYS, stored)
        .set(SCHEDULES.START_TIME, startTime)
        .set(SCHEDULES.END_TIME, endTime)
        .set(SCHEDULES.GRACE_MINUTES, graceMinutes)
        .onConflict(SCHEDULES.USER_ID).doUpdate()
        .set(SCHEDULES.WORKING_DAYS, stored)
        .set(SCHEDULES.START_TIME, startTime)
        .set(SCHEDULES.END_TIME, endTime)
        .set(SCHEDULES.GRACE_MINUTES, graceMinutes)
        .set(SCHEDULES.UPDATED_AT, OffsetDateTime.now())
        .execute();
    return new WorkSchedule(days, startTime, endTime, graceMinutes);
  }

  private static Set<DayOfWeek> days(List<Integer> isoDays) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Integer day : isoDays) {
      if (day == null || day < 1 || day > 7) {
        throw ApiException.invalid("working_days are ISO weekdays, 1 (Monday) to 7 (Sunday)");
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
