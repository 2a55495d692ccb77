package io.faceattend.server.people;

import static io.faceattend.db.jooq.Tables.DEPARTMENT_MANAGERS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.auth.Caller;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Whom a caller may see: an admin everybody, a manager the members of the groups they manage,
 * anybody else nobody. Used as a query condition, so people outside the scope are simply not found.
 */
public final class Scope {

  /**
   * Everybody, as a real condition: jOOQ leaves {@code noCondition()} out of an OR, true stays
   * true.
   */
  private static final Condition ALL = DSL.trueCondition();

  private Scope() {}

  /**
   * Condition on a user id field (e.g. USERS.ID, ATTENDANCE_PUNCHES.USER_ID) limiting it to the
   * caller's people.
   */
  public static Condition people(Caller caller, Field<Long> userId) {
    if (caller.isAdmin()) {
      return ALL; // not noCondition(): "own OR scope" would drop it and leave an admin with only
      // their own
    }
    if (caller.role() != Role.ROLE_MANAGER) {
      return DSL.falseCondition();
    }
    return userId.in(
        DSL.select(USERS.ID).from(USERS).where(USERS.DEPARTMENT_ID.in(managedDepartments(caller))));
  }

  /**
   * Whom a report may show: an employee only themselves; anybody their own days when they ask for
   * them ({@code requestedUserId} = their id); otherwise as {@link #people}.
   */
  public static Condition reportPeople(Caller caller, long requestedUserId, Field<Long> userId) {
    if (caller.isAdmin()) {
      return ALL; // not noCondition(): "own OR scope" would drop it and leave an admin with only
      // their own
    }
    if (caller.role() == Role.ROLE_EMPLOYEE || requestedUserId == caller.userId()) {
      return userId.eq(caller.userId());
    }
    return people(caller, userId);
  }

  /**
   * Condition on a department id field limiting it to the groups the caller manages (all for an
   * admin).
   */
  public static Condition departments(Caller caller, Field<Long> departmentId) {
    if (caller.isAdmin()) {
      return ALL; // not noCondition(): "own OR scope" would drop it and leave an admin with only
      // their own
    }
    if (caller.role() != Role.ROLE_MANAGER) {
      return DSL.falseCondition();
    }
    return departmentId.in(managedDepartments(caller));
  }

  private static Select<Record1<Long>> managedDepartments(Caller caller) {
    return DSL.select(DEPARTMENT_MANAGERS.DEPARTMENT_ID)
        .from(DEPARTMENT_MANAGERS)
        .where(DEPARTMENT_MANAGERS.USER_ID.eq(caller.userId()));
  }
}
