package io.faceattend.server.schedule;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jooq.DSLContext;

/**
 * Setting, reading and clearing the schedules of people and departments; each change audited in its
 * transaction.
 */
public record ScheduleAdmin(Store store, Schedules schedules) {

  public WorkSchedule setSchedule(Caller caller, long userId, Schedules.Input input) {
    return set(caller, "user", userId, tx -> schedules.set(tx, userId, input));
  }

  /** Saves a user's or a department's schedule and audits it, in one transaction. */
  private WorkSchedule set(
      Caller caller, String ownerType, long ownerId, Function<DSLContext, WorkSchedule> save) {
    return store.transactionResult(
        tx -> {
          WorkSchedule schedule = save.apply(tx);
          store.audit(
              tx, caller.actor(), "schedule.set", ownerType, ownerId, scheduleDetails(schedule));
          return schedule;
        });
  }

  /**
   * Removes a user's or a department's own schedule and audits it, in one transaction; not_found
   * ({@code missing}) when there was none.
   */
  private void clear(
      Caller caller, String ownerType, long ownerId, Predicate<DSLContext> remove, String missing) {
    store.transaction(
        tx -> {
          if (!remove.test(tx)) {
            throw new ApiException(ErrorCode.NOT_FOUND, missing);
          }
          store.audit(tx, caller.actor(), "schedule.clear", ownerType, ownerId, Map.of());
        });
  }

  /**
   * The schedule that applies to a user and where it comes from; not_found when the user or a
   * schedule is missing.
   */
  public Schedules.Assigned schedule(long userId) {
    if (!store.db().fetchExists(USERS, USERS.ID.eq(userId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
    }
    return schedules
        .assignedTo(userId)
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.NOT_FOUND,
                    "User "
                        + userId
                        + " has no schedule, nor has their department: every day is a working day"));
  }

  public void clearSchedule(Caller caller, long userId) {
    clear(
        caller,
        "user",
        userId,
        tx -> schedules.clear(tx, userId),
        "User " + userId + " has no schedule of their own");
  }

  public WorkSchedule setDepartmentSchedule(
      Caller caller, long departmentId, Schedules.Input input) {
    return set(
        caller,
        "department",
        departmentId,
        tx -> schedules.setForDepartment(tx, departmentId, input));
  }

  public WorkSchedule departmentSchedule(long departmentId) {
    return schedules
        .ofDepartment(departmentId)
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.NOT_FOUND, "Department " + departmentId + " has no schedule"));
  }

  public void clearDepartmentSchedule(Caller caller, long departmentId) {
    clear(
        caller,
        "department",
        departmentId,
        tx -> schedules.clearDepartment(tx, departmentId),
        "Department " + departmentId + " has no schedule");
  }

  private static Map<String, Object> scheduleDetails(WorkSchedule schedule) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(
        "working_days",
        schedule.workingDays().stream().map(d -> d.getValue()).sorted().toList().toString());
    details.put("start_time", schedule.start().toString());
    details.put("end_time", schedule.end().toString());
    details.put("grace_minutes", schedule.graceMinutes());
    details.put("overtime_after_minutes", schedule.overtimeAfterMinutes());
    details.put(
        "shifts",
        new TreeMap<>(schedule.shifts())
            .entrySet().stream()
                .map(
                    e ->
                        e.getKey().getValue()
                            + " "
                            + e.getValue().start()
                            + "-"
                            + e.getValue().end())
                .toList()
                .toString());
    return details;
  }
}
