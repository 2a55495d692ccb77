package io.faceattend.server.people;

import static io.faceattend.db.jooq.Tables.AUTH_SESSIONS;
import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.StatusLiteral;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.ListUsersResponse;
import io.faceattend.proto.v1.Person;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.error.Fields;
import io.faceattend.server.users.Roles;
import io.faceattend.server.users.UserAccounts;
import io.faceattend.server.users.UserFields;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * People administration: list, create, read, update, deactivate, reset password. Admins act on
 * everybody; managers read the members of the groups they manage (see {@link Scope}); people
 * outside a caller's scope are not found. Every change is audited in its own transaction.
 */
public record People(Store store, UserAccounts users) {

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;

  /** The list's status filter: a stored status, or deactivated (any status, deactivated_at set). */
  private static final String DEACTIVATED = "deactivated";

  private static final List<String> FILTER_STATUSES =
      Stream.concat(StatusLiteral.literals(UserStatus.class).stream(), Stream.of(DEACTIVATED))
          .toList();

  /** The filters of a list. */
  public record Filter(
      String role, long departmentId, String status, String search, int page, int pageSize) {}

  /**
   * A person's details that an admin sets, at creation and in an update (there null = unchanged; an
   * empty employee id and department 0 clear them).
   */
  public record Profile(
      String name,
      String email,
      String role,
      String employeeId,
      Long departmentId,
      Double hourlyRate) {}

  /** A new person: an account (username, password) with its profile. */
  public record NewPerson(String username, String password, Profile profile) {}

  public ListUsersResponse list(Caller caller, Filter filter) {
    Fields.Page paging =
        Fields.Page.of(
            filter.page(), filter.pageSize(), "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    int page = paging.number();
    int pageSize = paging.size();
    Condition where = Scope.people(caller, USERS.ID);
    if (!UserFields.blank(filter.role())) {
      where = where.and(USERS.ROLE.eq(UserFields.role(filter.role())));
    }
    if (filter.departmentId() != 0) {
      where = where.and(USERS.DEPARTMENT_ID.eq(filter.departmentId()));
    }
    String status =
        UserFields.blank(filter.status()) ? "" : filter.status().trim().toLowerCase(Locale.ROOT);
    if (status.equals(DEACTIVATED)) {
      where = where.and(USERS.DEACTIVATED_AT.isNotNull());
    } else {
      where = where.and(USERS.DEACTIVATED_AT.isNull());
      if (!status.isEmpty()) {
        UserStatus wanted =
            StatusLiteral.parse(UserStatus.class, status)
                .orElseThrow(
                    () -> ApiException.invalid("status must be one of " + FILTER_STATUSES));
        where = where.and(USERS.STATUS.eq(wanted));
      }
    }
    if (!UserFields.blank(filter.search())) {
      String like =
          "%"
              + filter
                  .search()
                  .trim()
                  .toLowerCase(Locale.ROOT)
                  .replace("\\", "\\\\")
                  .replace("%", "\\%")
                  .replace("_", "\\_")
              + "%";
      where =
          where.and(
              DSL.lower(USERS.NAME)
                  .like(like, '\\')
                  .or(DSL.lower(USERS.EMAIL).like(like, '\\'))
                  .or(DSL.lower(USERS.USERNAME).like(like, '\\'))
                  .or(DSL.lower(USERS.EMPLOYEE_ID).like(like, '\\')));
    }
    long count = store.db().fetchCount(USERS, where);
    List<Person> results =
        inListOrder(
                store.db(), where, pageSize, paging.offset(), USERS.asterisk(), DEPARTMENTS.NAME)
            .map(People::toPerson);
    return ListUsersResponse.newBuilder()
        .setCount(count)
        .setPage(page)
        .setPageSize(pageSize)
        .addAllResults(results)
        .build();
  }

  /**
   * One batch of people with their department's name, in the order lists and reports show them (by
   * name, then id).
   */
  public static Result<Record> inListOrder(
      DSLContext db, Condition where, int limit, long offset, SelectFieldOrAsterisk... fields) {
    return db.select(fields)
        .from(USERS)
        .leftJoin(DEPARTMENTS)
        .on(DEPARTMENTS.ID.eq(USERS.DEPARTMENT_ID))
        .where(where)
        .orderBy(DSL.lower(USERS.NAME), USERS.ID)
        .limit(limit)
        .offset(offset)
        .fetch();
  }

  public Person get(Caller caller, long userId) {
    return find(store.db(), caller, userId);
  }

  public Person create(Caller caller, NewPerson person) {
    Profile profile = person.profile();
    UserFields.Required required =
        UserFields.Required.of(
            person.username(), profile.email(), profile.name(), person.password());
    String username = required.username();
    String email = required.email();
    String name = required.name();
    String role = UserFields.role(UserFields.require("role", profile.role()));
    String employeeId = UserFields.employeeId(profile.employeeId());
    BigDecimal rate = UserFields.hourlyRate(profile.hourlyRate());
    String hash = users.passwordHash(person.password());
    return UserAccounts.refusingDuplicates(
        () ->
            store.transactionResult(
                tx -> {
                  Long departmentId =
                      profile.departmentId() == null || profile.departmentId() == 0
                          ? null
                          : existingDepartment(tx, profile.departmentId());
                  long id =
                      UserAccounts.insert(
                              tx,
                              List.of(
                                  new UserAccounts.Account(
                                      username,
                                      email,
                                      name,
                                      role,
                                      hash,
                                      employeeId,
                                      departmentId,
                                      rate)))
                          .get(0);
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("username", username);
                  details.put("email", email);
                  details.put("role", role);
                  details.put("employee_id", employeeId);
                  details.put("department_id", departmentId);
                  details.put("hourly_rate", rate);
                  store.audit(tx, caller.actor(), "user.create", "user", id, details);
                  return find(tx, caller, id);
                }),
        username,
        email,
        employeeId);
  }

  public Person update(Caller caller, long userId, Profile changes) {
    Changed changed = new Changed();
    changed.put(USERS.NAME, "name", changes.name(), UserFields::name);
    String email = changed.put(USERS.EMAIL, "email", changes.email(), UserFields::email);
    String role = changed.put(USERS.ROLE, "role", changes.role(), UserFields::role);
    if (role != null && caller.userId() == userId && !role.equals("admin")) {
      throw ApiException.invalid("You cannot take away your own admin role");
    }
    String employeeId =
        changed.put(USERS.EMPLOYEE_ID, "employee_id", changes.employeeId(), UserFields::employeeId);
    changed.put(USERS.HOURLY_RATE, "hourly_rate", changes.hourlyRate(), UserFields::hourlyRate);
    return UserAccounts.refusingDuplicates(
        () ->
            store.transactionResult(
                tx -> {
                  lockActive(tx, caller, userId);
                  if (changes.departmentId() != null) {
                    Long departmentId =
                        changes.departmentId() == 0
                            ? null
                            : existingDepartment(tx, changes.departmentId());
                    changed.columns.put(USERS.DEPARTMENT_ID, departmentId);
                    changed.details.put("department_id", departmentId);
                  }
                  if (!changed.columns.isEmpty()) {
                    changed.columns.put(USERS.UPDATED_AT, store.now());
                    tx.update(USERS).set(changed.columns).where(USERS.ID.eq(userId)).execute();
                    store.audit(tx, caller.actor(), "user.update", "user", userId, changed.details);
                  }
                  return find(tx, caller, userId);
                }),
        "",
        email == null ? "" : email,
        employeeId);
  }

  /** The columns an update sets and its audit details, which name the same values. */
  private static final class Changed {
    final Map<Field<?>, @Nullable Object> columns = new LinkedHashMap<>();
    final Map<String, @Nullable Object> details = new LinkedHashMap<>();

    /** Sets {@code column} to the checked value of {@code given} when the request gave one. */
    <T, V> @Nullable V put(
        Field<V> column, String detail, @Nullable T given, Function<T, V> check) {
      if (given == null) {
        return null;
      }
      V value = check.apply(given);
      columns.put(column, value);
      details.put(detail, value);
      return value;
    }
  }

  /** Soft delete: history stays; sessions are revoked; the login name and e-mail stay taken. */
  public void deactivate(Caller caller, long userId) {
    if (caller.userId() == userId) {
      throw ApiException.invalid("You cannot deactivate yourself");
    }
    store.transaction(
        tx -> {
          lockActive(tx, caller, userId);
          tx.update(USERS)
              .set(USERS.DEACTIVATED_AT, store.now())
              .set(USERS.UPDATED_AT, store.now())
              .where(USERS.ID.eq(userId))
              .execute();
          int sessions = revokeSessions(tx, userId, "user_deactivated");
          int purged = purgePendingEnrolment(tx, caller, userId);
          store.audit(
              tx,
              caller.actor(),
              "user.deactivate",
              "user",
              userId,
              Map.of("sessions_revoked", sessions, "pending_enrolments_purged", purged));
        });
  }

  /**
   * A deactivated person's pending enrolment leaves the approval queue: rejected, its sealed photo
   * and its templates destroyed, the account back at first_login (a blocked one stays blocked).
   * Returns how many.
   */
  private int purgePendingEnrolment(DSLContext tx, Caller caller, long userId) {
    List<Long> pending =
        tx.select(ENROLLMENTS.ID)
            .from(ENROLLMENTS)
            .where(ENROLLMENTS.USER_ID.eq(userId), ENROLLMENTS.STATUS.eq(EnrollmentStatus.PENDING))
            .fetch(ENROLLMENTS.ID);
    if (pending.isEmpty()) {
      return 0;
    }
    tx.update(ENROLLMENTS)
        .set(ENROLLMENTS.STATUS, EnrollmentStatus.REJECTED)
        .setNull(ENROLLMENTS.PHOTO_CIPHERTEXT)
        .set(ENROLLMENTS.DECIDED_AT, store.now())
        .set(ENROLLMENTS.DECIDED_BY, caller.userId() == 0 ? null : caller.userId())
        .set(ENROLLMENTS.DECISION_REASON, "user deactivated")
        .where(ENROLLMENTS.ID.in(pending))
        .execute();
    tx.deleteFrom(FACE_TEMPLATES).where(FACE_TEMPLATES.ENROLLMENT_ID.in(pending)).execute();
    tx.update(USERS)
        .set(USERS.STATUS, UserStatus.FIRST_LOGIN)
        .where(USERS.ID.eq(userId), USERS.STATUS.eq(UserStatus.PENDING))
        .execute();
    return pending.size();
  }

  /**
   * Undoes {@link #deactivate}: the account can sign in again (it starts with no session), with the
   * history it had; a pending enrolment purged at deactivation is not restored (first_login: enrol
   * again).
   */
  public Person reactivate(Caller caller, long userId) {
    return store.transactionResult(
        tx -> {
          int changed =
              tx.update(USERS)
                  .setNull(USERS.DEACTIVATED_AT)
                  .set(USERS.UPDATED_AT, store.now())
                  .where(USERS.ID.eq(userId))
                  .and(USERS.DEACTIVATED_AT.isNotNull())
                  // an erased person's account is only a pseudonym for the records kept
                  .and(USERS.ERASED_AT.isNull())
                  .and(Scope.people(caller, USERS.ID))
                  .execute();
          if (changed == 0) {
            var found =
                tx.select(USERS.ERASED_AT)
                    .from(USERS)
                    .where(USERS.ID.eq(userId).and(Scope.people(caller, USERS.ID)))
                    .fetchOptional();
            if (found.isEmpty()) {
              throw notFound(userId);
            }
            throw found.get().value1() != null
                ? new ApiException(ErrorCode.CONFLICT, "User " + userId + " was erased")
                : ApiException.invalid("User " + userId + " is not deactivated");
          }
          store.audit(tx, caller.actor(), "user.reactivate", "user", userId, Map.of());
          return find(tx, caller, userId);
        });
  }

  public void resetPassword(Caller caller, long userId, String newPassword) {
    UserFields.checkPassword(newPassword);
    String hash = users.passwordHash(newPassword);
    store.transaction(
        tx -> {
          lockActive(tx, caller, userId);
          tx.update(USERS)
              .set(USERS.PASSWORD_HASH, hash)
              .set(USERS.UPDATED_AT, store.now())
              .where(USERS.ID.eq(userId))
              .execute();
          int sessions = revokeSessions(tx, userId, "admin");
          store.audit(
              tx,
              caller.actor(),
              "user.reset_password",
              "user",
              userId,
              Map.of("sessions_revoked", sessions));
        });
  }

  /**
   * Blocks a user (admins only): they keep their data but cannot sign in or punch until unblocked.
   */
  public void block(Caller caller, long userId, String reason) {
    if (caller.userId() == userId) {
      throw ApiException.invalid("You cannot block yourself");
    }
    store.transaction(
        tx -> {
          UserAccounts.lockActive(tx, userId);
          UserAccounts.setStatus(tx, userId, store.now(), UserStatus.BLOCKED);
          store.audit(
              tx,
              caller.actor(),
              "user.block",
              "user",
              userId,
              Map.of("reason", reason == null ? "" : reason.trim()));
        });
  }

  /** Unblocks; the user returns to what their enrolment gives: active, pending or first_login. */
  public UserStatus unblock(Caller caller, long userId) {
    return store.transactionResult(
        tx -> {
          UsersRecord user = UserAccounts.lockActive(tx, userId);
          if (user.getStatus() != UserStatus.BLOCKED) {
            throw new ApiException(ErrorCode.CONFLICT, "User " + userId + " is not blocked");
          }
          EnrollmentStatus latest =
              tx.select(ENROLLMENTS.STATUS)
                  .from(ENROLLMENTS)
                  .where(ENROLLMENTS.USER_ID.eq(userId))
                  .and(ENROLLMENTS.STATUS.in(EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED))
                  .orderBy(ENROLLMENTS.CREATED_AT.desc())
                  .limit(1)
                  .fetchOptional(ENROLLMENTS.STATUS)
                  .orElse(null);
          UserStatus next =
              latest == EnrollmentStatus.APPROVED
                  ? UserStatus.ACTIVE
                  : latest == EnrollmentStatus.PENDING
                      ? UserStatus.PENDING
                      : UserStatus.FIRST_LOGIN;
          UserAccounts.setStatus(tx, userId, store.now(), next);
          store.audit(
              tx,
              caller.actor(),
              "user.unblock",
              "user",
              userId,
              Map.of("status", next.getLiteral()));
          return next;
        });
  }

  private int revokeSessions(DSLContext tx, long userId, String reason) {
    return tx.update(AUTH_SESSIONS)
        .set(AUTH_SESSIONS.REVOKED_AT, store.now())
        .set(AUTH_SESSIONS.REVOKED_REASON, reason)
        .where(AUTH_SESSIONS.USER_ID.eq(userId))
        .and(AUTH_SESSIONS.REVOKED_AT.isNull())
        .execute();
  }

  /**
   * Locks an active person's row for the rest of the transaction when the caller may see them (a
   * manager: their departments' people); not_found otherwise.
   */
  public static void lockActive(DSLContext tx, Caller caller, long userId) {
    tx.select(USERS.ID)
        .from(USERS)
        .where(USERS.ID.eq(userId))
        .and(USERS.DEACTIVATED_AT.isNull())
        .and(Scope.people(caller, USERS.ID))
        .forUpdate()
        .fetchOptional()
        .orElseThrow(() -> notFound(userId));
  }

  static Person find(DSLContext db, Caller caller, long userId) {
    return db.select(USERS.asterisk(), DEPARTMENTS.NAME)
        .from(USERS)
        .leftJoin(DEPARTMENTS)
        .on(DEPARTMENTS.ID.eq(USERS.DEPARTMENT_ID))
        .where(USERS.ID.eq(userId))
        .and(Scope.people(caller, USERS.ID))
        .fetchOptional(People::toPerson)
        .orElseThrow(() -> notFound(userId));
  }

  static Long existingDepartment(DSLContext tx, long departmentId) {
    if (!tx.fetchExists(DEPARTMENTS, DEPARTMENTS.ID.eq(departmentId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Department " + departmentId + " does not exist");
    }
    return departmentId;
  }

  private static ApiException notFound(long userId) {
    return new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
  }

  static Person toPerson(Record row) {
    Person.Builder person =
        Person.newBuilder()
            .setId(row.get(USERS.ID))
            .setUsername(row.get(USERS.USERNAME))
            .setName(row.get(USERS.NAME))
            .setEmail(row.get(USERS.EMAIL))
            .setRole(row.get(USERS.ROLE))
            .setStatus(row.get(USERS.STATUS).getLiteral())
            .setIsActive(row.get(USERS.DEACTIVATED_AT) == null)
            .setFaceEnrolled(row.get(USERS.FACE_ENROLLED_AT) != null)
            .setCreatedAt(row.get(USERS.CREATED_AT).toString());
    if (row.get(USERS.EMPLOYEE_ID) != null) {
      person.setEmployeeId(row.get(USERS.EMPLOYEE_ID));
    }
    if (row.get(USERS.DEPARTMENT_ID) != null) {
      person.setDepartmentId(row.get(USERS.DEPARTMENT_ID));
      person.setDepartment(row.get(DEPARTMENTS.NAME));
    }
    if (row.get(USERS.HOURLY_RATE) != null) {
      person.setHourlyRate(row.get(USERS.HOURLY_RATE).doubleValue());
    }
    if (row.get(USERS.DEACTIVATED_AT) != null) {
      person.setDeactivatedAt(row.get(USERS.DEACTIVATED_AT).toString());
    }
    return person.build();
  }

  /** Role check for a manager-or-admin field (kept here so Departments can share it). */
  static boolean canManage(String role) {
    return role.equals(Roles.toDb(Role.ROLE_MANAGER)) || role.equals(Roles.toDb(Role.ROLE_ADMIN));
  }
}
