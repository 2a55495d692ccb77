package io.faceattend.server.schedule;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Setting, reading and clearing the schedules of people and departments; each change audited in its
 * transaction.
 */
public final class ScheduleAdmin {

  private final Store store;
  private final Schedules schedules;

  public ScheduleAdmin(Store store, Schedules schedules) {
    this.store = store;
    this.schedules = schedules;
  }

  public WorkSchedule setSchedule(Caller caller, long userId, Schedules.Input input) {
    return store.transactionResult(
        tx -> {
          WorkSchedule schedule = schedules.set(tx, userId, input);
          store.audit(
              tx, caller.actor(), "schedule.set", "user", userId, scheduleDetails(schedule));
          return schedule;
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
    store.transaction(
        tx -> {
          if (!schedules.clear(tx, userId)) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "User " + userId + " has no schedule of their own");
          }
          store.audit(tx, caller.actor(), "schedule.clear", "user", userId, Map.of());
        });
  }

  public WorkSchedule setDepartmentSchedule(
      Caller caller, long departmentId, Schedules.Input input) {
    return store.transactionResult(
        tx -> {
          WorkSchedule schedule = schedules.setForDepartment(tx, departmentId, input);
          store.audit(
              tx,
              caller.actor(),
              "schedule.set",
              "department",
              departmentId,
              scheduleDetails(schedule));
          return schedule;
        });
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
    store.transaction(
        tx -> {
          if (!schedules.clearDepartment(tx, departmentId)) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "Department " + departmentId + " has no schedule");
          }
          store.audit(tx, caller.actor(), "schedule.clear", "department", departmentId, Map.of());
        });
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
