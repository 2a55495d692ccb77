package io.faceattend.server.users;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/** Creating and reading user accounts. */
public final class UserAccounts {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
  // deliberately loose: one @, something on each side, a dot in the domain
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  public static final int MIN_PASSWORD_LENGTH = 8;

  private final DSLContext db;
  private final PasswordHasher hasher;
  private final AuditLog audit;

  public UserAccounts(DSLContext db, PasswordHasher hasher, AuditLog audit) {
    this.db = db;
    this.hasher = hasher;
    this.audit = audit;
  }

  /** What a new account needs. */
  public record NewUser(String username, String password, String name, String email, Role role) {}

  /** Validates and creates a user; the creation is audited in the same transaction. */
  public UsersRecord create(NewUser user, AuditLog.Actor actor) {
    String username = require("username", user.username());
    String email = require("email", user.email());
    String name = require("name", user.name());
    if (!USERNAME.matcher(username).matches()) {
      throw ApiException.invalid("username must be 3-64 letters, digits, '.', '_' or '-'");
    }
    if (!EMAIL.matcher(email).matches() || email.length() > 254) {
      throw ApiException.invalid("email is not a valid e-mail address");
    }
    if (name.length() > 200) {
      throw ApiException.invalid("name is longer than 200 characters");
    }
    if (user.password() == null || user.password().length() < MIN_PASSWORD_LENGTH) {
      throw ApiException.invalid("password must be at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (user.role() == null || user.role() == Role.ROLE_UNSPECIFIED || user.role() == Role.UNRECOGNIZED) {
      throw ApiException.missingField("role");
    }
    String hash = hasher.hash(user.password());
    try {
      return db.transactionResult(config -> {
        DSLContext tx = DSL.using(config);
        UsersRecord created = tx.insertInto(USERS)
            .set(USERS.USERNAME, username)
            .set(USERS.EMAIL, email)
            .set(USERS.NAME, name)
            .set(USERS.ROLE, Roles.toDb(user.role()))
            .set(USERS.PASSWORD_HASH, hash)
            .returning()
            .fetchSingle();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("username", username);
        details.put("email", email);
        details.put("role", Roles.toDb(user.role()));
        audit.record(tx, actor, "user.create", "user", created.getId(), details);
        return created;
      });
    } catch (IntegrityConstraintViolationException e) {
      throw duplicate(e, username, email);
    } catch (org.jooq.exception.DataAccessException e) {
      if (e.getCause() instanceof IntegrityConstraintViolationException icv) {
        throw duplicate(icv, username, email);
      }
      if (e.sqlState() != null && e.sqlState().equals("23505")) {
        throw duplicate(e, username, email);
      }
      throw e;
    }
  }

  public Optional<UsersRecord> findById(long id) {
    return db.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional();
  }

  /** An active (not deactivated) account whose username or e-mail is {@code login}, case-insensitively. */
  public Optional<UsersRecord> findByLogin(String login) {
    String key = login.trim().toLowerCase(java.util.Locale.ROOT);
    return db.selectFrom(USERS)
        .where(DSL.lower(USERS.USERNAME).eq(key).or(DSL.lower(USERS.EMAIL).eq(key)))
        .and(USERS.DEACTIVATED_AT.isNull())
        // a username wins over somebody else's identical e-mail
        .orderBy(DSL.when(DSL.lower(USERS.USERNAME).eq(key), 0).otherwise(1))
        .limit(1)
        .fetchOptional();
  }

  /** Locks an active (not deactivated) user's row for the rest of the transaction; not_found otherwise. */
  public static UsersRecord lockActive(DSLContext tx, long userId) {
    return tx.selectFrom(USERS).where(USERS.ID.eq(userId)).and(USERS.DEACTIVATED_AT.isNull()).forUpdate()
        .fetchOptional()
        .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist"));
  }

  /** Sets a user's account status (inside the caller's transaction, which also audits why). */
  public static void setStatus(DSLContext tx, long userId, OffsetDateTime now, UserStatus status) {
    tx.update(USERS)
        .set(USERS.STATUS, status.dbValue())
        .set(USERS.UPDATED_AT, now)
        .where(USERS.ID.eq(userId))
        .execute();
  }

  private ApiException duplicate(RuntimeException e, String username, String email) {
    boolean usernameTaken = db.fetchExists(USERS, DSL.lower(USERS.USERNAME).eq(username.toLowerCase()));
    if (usernameTaken) {
      return new ApiException(ErrorCode.USERNAME_TAKEN, "Username '" + username + "' is already taken");
    }
    return new ApiException(ErrorCode.EMAIL_TAKEN, "E-mail '" + email + "' is already registered");
  }

  private static String require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField(field);
    }
    return value.trim();
  }
}
