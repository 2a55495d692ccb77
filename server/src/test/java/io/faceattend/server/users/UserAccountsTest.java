package io.faceattend.server.users;

import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.error.ErrorCode;
import java.time.Clock;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserAccountsTest {

  private DSLContext db;
  private UserAccounts users;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    users = new UserAccounts(Store.of(db, Clock.systemUTC()), new PasswordHasher());
  }

  private UserAccounts.NewUser user(String username, String email) {
    return new UserAccounts.NewUser(username, "long-enough", "Some One", email, Role.ROLE_EMPLOYEE);
  }

  @Test
  void newUserStartsAtFirstLoginWithAnArgon2idHash() {
    var created = users.create(user("someone", "someone@example.com"), AuditLog.Actor.cli());
    assertThat(created.getStatus()).isEqualTo(UserStatus.FIRST_LOGIN);
    assertThat(created.getFaceEnrolledAt()).isNull();
    assertThat(created.getPasswordHash()).startsWith("$argon2id$").doesNotContain("long-enough");
  }

  @Test
  void duplicatesAreConflictsCaseInsensitively() {
    users.create(user("someone", "someone@example.com"), AuditLog.Actor.cli());
    assertCode(
        () -> users.create(user("SomeOne", "other@example.com"), AuditLog.Actor.cli()),
        ErrorCode.USERNAME_TAKEN);
    assertCode(
        () -> users.create(user("other", "SOMEONE@example.com"), AuditLog.Actor.cli()),
        ErrorCode.EMAIL_TAKEN);
    assertThat(db.fetchCount(USERS)).isEqualTo(1);
  }

  @Test
  void invalidInputIsRefusedAndNothingIsWritten() {
    assertCode(
        () -> users.create(user("a", "a@example.com"), AuditLog.Actor.cli()),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () -> users.create(user("valid", "not-an-email"), AuditLog.Actor.cli()),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () ->
            users.create(
                new UserAccounts.NewUser("valid", "short", "N", "v@example.com", Role.ROLE_ADMIN),
                AuditLog.Actor.cli()),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () ->
            users.create(
                new UserAccounts.NewUser(
                    "valid", "long-enough", " ", "v@example.com", Role.ROLE_ADMIN),
                AuditLog.Actor.cli()),
        ErrorCode.MISSING_FIELD);
    assertThat(db.fetchCount(USERS)).isZero();
  }
}
