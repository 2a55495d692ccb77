package io.faceattend.server.people;

import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.DEPARTMENT_MANAGERS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.DepartmentsRecord;
import io.faceattend.proto.v1.Department;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.UserAccounts;
import io.faceattend.server.users.UserFields;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Groups of people (departments; courses and classes for schools), their managers and members. A
 * person belongs to at most one group (users.department_id); a group may have several managers.
 * Managers see only the groups they manage; admins change everything. Changes are audited.
 */
public record Departments(Store store) {

  private static final Set<String> KINDS = Set.of("department", "course", "class");

  public List<Department> list(Caller caller, String kind) {
    Condition where = Scope.departments(caller, DEPARTMENTS.ID);
    if (!UserFields.blank(kind)) {
      where = where.and(DEPARTMENTS.KIND.eq(kind(kind)));
    }
    return store
        .db()
        .selectFrom(DEPARTMENTS)
        .where(where)
        .orderBy(DSL.lower(DEPARTMENTS.NAME))
        .fetch(record -> toProto(store.db(), record));
  }

  public Department get(Caller caller, long id) {
    return find(store.db(), caller, id);
  }

  public Department create(Caller caller, String name, String kind, String description) {
    String cleanName = name(name);
    String cleanKind = UserFields.blank(kind) ? "department" : kind(kind);
    String cleanDescription = UserFields.blank(description) ? null : description.trim();
    return unique(
        cleanName,
        () ->
            store.transactionResult(
                tx -> {
                  long id =
                      tx.insertInto(DEPARTMENTS)
                          .set(DEPARTMENTS.NAME, cleanName)
                          .set(DEPARTMENTS.KIND, cleanKind)
                          .set(DEPARTMENTS.DESCRIPTION, cleanDescription)
                          .returning(DEPARTMENTS.ID)
                          .fetchSingle()
                          .getId();
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("name", cleanName);
                  details.put("kind", cleanKind);
                  store.audit(tx, caller.actor(), "department.create", "department", id, details);
                  return find(tx, caller, id);
                }));
  }

  public Department update(Caller caller, long id, String name, String kind, String description) {
    Map<Field<?>, Object> update = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    if (name != null) {
      update.put(DEPARTMENTS.NAME, name(name));
      details.put("name", name.trim());
    }
    if (kind != null) {
      update.put(DEPARTMENTS.KIND, kind(kind));
      details.put("kind", kind.trim());
    }
    if (description != null) {
      update.put(DEPARTMENTS.DESCRIPTION, description.isBlank() ? null : description.trim());
      details.put("description", description.trim());
    }
    return unique(
        name == null ? "" : name.trim(),
        () ->
            store.transactionResult(
                tx -> {
                  lock(tx, id);
                  if (!update.isEmpty()) {
                    update.put(DEPARTMENTS.UPDATED_AT, store.now());
                    tx.update(DEPARTMENTS).set(update).where(DEPARTMENTS.ID.eq(id)).execute();
                    store.audit(tx, caller.actor(), "department.update", "department", id, details);
                  }
                  return find(tx, caller, id);
                }));
  }

  public void delete(Caller caller, long id) {
    store.transaction(
        tx -> {
          DepartmentsRecord record = lock(tx, id);
          int members = tx.fetchCount(USERS, USERS.DEPARTMENT_ID.eq(id));
          // members keep their history and just lose their group (on delete set null)
          tx.deleteFrom(DEPARTMENTS).where(DEPARTMENTS.ID.eq(id)).execute();
          store.audit(
              tx,
              caller.actor(),
              "department.delete",
              "department",
              id,
              Map.of("name", record.getName(), "members", members));
        });
  }

  public Department setManagers(Caller caller, long id, List<Long> userIds) {
    Set<Long> ids = new LinkedHashSet<>(userIds);
    return store.transactionResult(
        tx -> {
          lock(tx, id);
          for (long userId : ids) {
            // locked: nobody deactivates or demotes them while they become a manager
            String role = UserAccounts.lockActive(tx, userId).getRole();
            if (!People.canManage(role)) {
              throw ApiException.invalid(
                  "User "
                      + userId
                      + " is an employee; only managers and admins can manage a group");
            }
          }
          tx.deleteFrom(DEPARTMENT_MANAGERS)
              .where(DEPARTMENT_MANAGERS.DEPARTMENT_ID.eq(id))
              .execute();
          for (long userId : ids) {
            tx.insertInto(DEPARTMENT_MANAGERS)
                .set(DEPARTMENT_MANAGERS.DEPARTMENT_ID, id)
                .set(DEPARTMENT_MANAGERS.USER_ID, userId)
                .execute();
          }
          store.audit(
              tx,
              caller.actor(),
              "department.set_managers",
              "department",
              id,
              Map.of("user_ids", ids.toString()));
          return find(tx, caller, id);
        });
  }

  /** Moves people into the group; answers how many changed group. */
  public int addMembers(Caller caller, long id, List<Long> userIds) {
    if (userIds.isEmpty()) {
      throw ApiException.missingField("user_ids");
    }
    Set<Long> ids = new LinkedHashSet<>(userIds);
    return store.transactionResult(
        tx -> {
          lock(tx, id);
          int known = tx.fetchCount(USERS, USERS.ID.in(ids).and(USERS.DEACTIVATED_AT.isNull()));
          if (known != ids.size()) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "Some of the users " + ids + " do not exist");
          }
          int moved =
              tx.update(USERS)
                  .set(USERS.DEPARTMENT_ID, id)
                  .set(USERS.UPDATED_AT, store.now())
                  .where(USERS.ID.in(ids))
                  .and(USERS.DEPARTMENT_ID.isDistinctFrom(id))
                  .execute();
          store.audit(
              tx,
              caller.actor(),
              "department.add_members",
              "department",
              id,
              Map.of("user_ids", ids.toString(), "moved", moved));
          return moved;
        });
  }

  private static DepartmentsRecord lock(DSLContext tx, long id) {
    return tx.selectFrom(DEPARTMENTS)
        .where(DEPARTMENTS.ID.eq(id))
        .forUpdate()
        .fetchOptional()
        .orElseThrow(() -> notFound(id));
  }

  private static Department find(DSLContext db, Caller caller, long id) {
    return db.selectFrom(DEPARTMENTS)
        .where(DEPARTMENTS.ID.eq(id))
        .and(Scope.departments(caller, DEPARTMENTS.ID))
        .fetchOptional(record -> toProto(db, record))
        .orElseThrow(() -> notFound(id));
  }

  private static Department toProto(DSLContext db, DepartmentsRecord record) {
    Department.Builder department =
        Department.newBuilder()
            .setId(record.getId())
            .setName(record.getName())
            .setKind(record.getKind())
            .setMemberCount(
                db.fetchCount(
                    USERS,
                    USERS.DEPARTMENT_ID.eq(record.getId()).and(USERS.DEACTIVATED_AT.isNull())))
            .addAllManagerIds(
                db.select(DEPARTMENT_MANAGERS.USER_ID)
                    .from(DEPARTMENT_MANAGERS)
                    .where(DEPARTMENT_MANAGERS.DEPARTMENT_ID.eq(record.getId()))
                    .orderBy(DEPARTMENT_MANAGERS.USER_ID)
                    .fetch(DEPARTMENT_MANAGERS.USER_ID));
    if (record.getDescription() != null) {
      department.setDescription(record.getDescription());
    }
    return department.build();
  }

  private static ApiException notFound(long id) {
    return new ApiException(ErrorCode.NOT_FOUND, "Department " + id + " does not exist");
  }

  private <T> T unique(String name, Supplier<T> write) {
    try {
      return write.get();
    } catch (DataAccessException e) {
      if ("23505".equals(e.sqlState())) {
        throw new ApiException(ErrorCode.CONFLICT, "A group named '" + name + "' already exists");
      }
      throw e;
    }
  }

  private static String name(String name) {
    String clean = UserFields.require("name", name);
    if (clean.length() > 200) {
      throw ApiException.invalid("name is longer than 200 characters");
    }
    return clean;
  }

  private static String kind(String kind) {
    String clean = kind.trim().toLowerCase(Locale.ROOT);
    if (!KINDS.contains(clean)) {
      throw ApiException.invalid("kind must be one of department, course, class");
    }
    return clean;
  }
}
