package io.faceattend.server.users;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Creating and reading user accounts. {@link #insert} is the one writer of new users (accounts,
 * people administration, CSV import), {@link UserFields} the one validator of their fields.
 */
public record UserAccounts(Store store, PasswordHasher hasher) {

  /** Rows per INSERT: PostgreSQL takes at most 65,535 bind values in one statement. */
  private static final int ROWS_PER_STATEMENT = 1000;

  /** Stored for a user without a password: not a PHC string, so no password verifies against it. */
  private static final String NO_PASSWORD = "!imported-without-password";

  /** What a new account needs (the CLI's and tests' way in). */
  public record NewUser(String username, String password, String name, String email, Role role) {}

  /**
   * A new user's row, each field already checked by {@link UserFields}: role in its database form,
   * the password already hashed, null for what was not given.
   */
  public record Account(
      String username,
      String email,
      String name,
      String role,
      String passwordHash,
      String employeeId,
      Long departmentId,
      BigDecimal hourlyRate) {}

  /**
   * How a password is stored: its Argon2id hash (the callers hash before their write's transaction
   * opens); {@code null} (an imported row without one) gives a value no password verifies against.
   */
  public String passwordHash(@Nullable String password) {
    return password == null ? NO_PASSWORD : hasher.hash(password);
  }

  /** Validates and creates a user; the creation is audited in the same transaction. */
  public UsersRecord create(NewUser user, AuditLog.Actor actor) {
    UserFields.Required required =
        UserFields.Required.of(user.username(), user.email(), user.name(), user.password());
    String username = required.username();
    String email = required.email();
    String name = required.name();
    String role = UserFields.role(user.role());
    Account account =
        new Account(username, email, name, role, passwordHash(user.password()), null, null, null);
    return refusingDuplicates(
        () ->
            store.transactionResult(
                tx -> {
                  long id = insert(tx, List.of(account)).get(0);
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("username", username);
                  details.put("email", email);
                  details.put("role", role);
                  store.audit(tx, actor, "user.create", "user", id, details);
                  return tx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle();
                }),
        username,
        email,
        null);
  }

  /**
   * Inserts new users in {@code tx}; answers their ids in order. The caller audits and maps
   * duplicates.
   */
  public static List<Long> insert(DSLContext tx, List<Account> accounts) {
    List<Long> ids = new ArrayList<>(accounts.size());
    for (int from = 0; from < accounts.size(); from += ROWS_PER_STATEMENT) {
      var insert =
          tx.insertInto(
              USERS,
              USERS.USERNAME,
              USERS.EMAIL,
              USERS.NAME,
              USERS.ROLE,
              USERS.PASSWORD_HASH,
              USERS.EMPLOYEE_ID,
              USERS.DEPARTMENT_ID,
              USERS.HOURLY_RATE);
      for (Account a :
          accounts.subList(from, Math.min(accounts.size(), from + ROWS_PER_STATEMENT))) {
        insert =
            insert.values(
                a.username(),
                a.email(),
                a.name(),
                a.role(),
                a.passwordHash(),
                a.employeeId(),
                a.departmentId(),
                a.hourlyRate());
      }
      ids.addAll(insert.returningResult(USERS.ID).fetch(USERS.ID));
    }
    return ids;
  }

  /** Runs a write and turns a unique-index violation on users into the matching conflict code. */
  public static <T> T refusingDuplicates(
      Supplier<T> write, String username, String email, String employeeId) {
    try {
      return write.get();
    } catch (DataAccessException e) {
      if (!"23505".equals(e.sqlState())) {
        throw e;
      }
      String message = String.valueOf(e.getMessage());
      if (message.contains("users_username_key")) {
        throw new ApiException(
            ErrorCode.USERNAME_TAKEN, "Username '" + username + "' is already taken");
      }
      if (message.contains("users_email_key")) {
        throw new ApiException(
            ErrorCode.EMAIL_TAKEN, "E-mail '" + email + "' is already registered");
      }
      if (message.contains("users_employee_id_key")) {
        throw new ApiException(
            ErrorCode.CONFLICT, "Employee id '" + employeeId + "' is already used");
      }
      throw new ApiException(ErrorCode.CONFLICT, "A unique value is already used");
    }
  }

  public Optional<UsersRecord> findById(long id) {
    return store.db().selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional();
  }

  /**
   * An active (not deactivated) account whose username or e-mail is {@code login},
   * case-insensitively.
   */
  public Optional<UsersRecord> findByLogin(String login) {
    String key = login.trim().toLowerCase(Locale.ROOT);
    return store
        .db()
        .selectFrom(USERS)
        .where(DSL.lower(USERS.USERNAME).eq(key).or(DSL.lower(USERS.EMAIL).eq(key)))
        .and(USERS.DEACTIVATED_AT.isNull())
        // a username wins over somebody else's identical e-mail
        .orderBy(DSL.when(DSL.lower(USERS.USERNAME).eq(key), 0).otherwise(1))
        .limit(1)
        .fetchOptional();
  }

  /** An active (not deactivated) user by id, if there is one. */
  public static Optional<UsersRecord> findActive(DSLContext db, long userId) {
    return db.selectFrom(USERS)
        .where(USERS.ID.eq(userId))
        .and(USERS.DEACTIVATED_AT.isNull())
        .fetchOptional();
  }

  /**
   * Locks an active (not deactivated) user's row for the rest of the transaction; not_found
   * otherwise.
   */
  public static UsersRecord lockActive(DSLContext tx, long userId) {
    return tx.selectFrom(USERS)
        .where(USERS.ID.eq(userId))
        .and(USERS.DEACTIVATED_AT.isNull())
        .forUpdate()
        .fetchOptional()
        .orElseThrow(
            () -> new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist"));
  }

  /** The wire form of a stored status (the seed's user_status enum). */
  public static io.faceattend.proto.v1.UserStatus toProto(UserStatus status) {
    return switch (status) {
      case FIRST_LOGIN -> io.faceattend.proto.v1.UserStatus.USER_STATUS_FIRST_LOGIN;
      case PENDING -> io.faceattend.proto.v1.UserStatus.USER_STATUS_PENDING;
      case ACTIVE -> io.faceattend.proto.v1.UserStatus.USER_STATUS_ACTIVE;
      case BLOCKED -> io.faceattend.proto.v1.UserStatus.USER_STATUS_BLOCKED;
    };
  }

  /** Sets a user's account status (inside the caller's transaction, which also audits why). */
  public static void setStatus(DSLContext tx, long userId, OffsetDateTime now, UserStatus status) {
    tx.update(USERS)
        .set(USERS.STATUS, status)
        .set(USERS.UPDATED_AT, now)
        .where(USERS.ID.eq(userId))
        .execute();
  }
}
