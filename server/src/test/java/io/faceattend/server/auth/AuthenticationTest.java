package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.AUTH_SESSIONS;
import static io.faceattend.db.jooq.Tables.LOGIN_EVENTS;
import static io.faceattend.db.jooq.Tables.REFRESH_TOKENS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login, refresh rotation, reuse detection and logout on a real PostgreSQL. */
class AuthenticationTest {

  private static final Caller.Origin CALLER = new Caller.Origin("203.0.113.7", "test-agent");
  private final MutableClock clock = new MutableClock(Instant.now());
  private final PasswordHasher hasher = new PasswordHasher();
  private DSLContext db;
  private UserAccounts users;
  private TokenService tokens;
  private Authentication auth;
  private SessionVerifier sessions;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    users = new UserAccounts(Store.of(db, Clock.systemUTC()), hasher);
    tokens =
        new TokenService(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(15),
            clock);
    auth =
        new Authentication(
            Store.of(db, clock),
            users,
            hasher,
            tokens,
            Duration.ofDays(30),
            new LoginThrottle.Limit(5, Duration.ofMinutes(15)));
    sessions = new SessionVerifier(db);
    users.create(
        new UserAccounts.NewUser(
            "employee01", "correct-horse", "Ahmed Ali", "ahmed@company.com", Role.ROLE_EMPLOYEE),
        AuditLog.Actor.cli());
  }

  @Test
  void logsInByUsernameOrEmailCaseInsensitively() {
    assertThat(
            auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER)
                .user()
                .getName())
        .isEqualTo("Ahmed Ali");
    assertThat(
            auth.login("AHMED@company.com", "correct-horse", Authentication.Location.NONE, CALLER)
                .user()
                .getUsername())
        .isEqualTo("employee01");
  }

  @Test
  void unknownUserAndWrongPasswordGiveTheSameError() {
    ApiException wrongPassword =
        catchApi(() -> auth.login("employee01", "nope-nope", Authentication.Location.NONE, CALLER));
    ApiException unknownUser =
        catchApi(() -> auth.login("nobody", "nope-nope", Authentication.Location.NONE, CALLER));
    assertThat(wrongPassword.errorCode()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertThat(unknownUser.errorCode()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
    assertThat(unknownUser.getMessage()).isEqualTo(wrongPassword.getMessage());
  }

  @Test
  void loginRecordsTheEventWithItsLocation() {
    auth.login("employee01", "correct-horse", new Authentication.Location(1.2323, 1.3434), CALLER);
    var event = db.selectFrom(LOGIN_EVENTS).fetchSingle();
    assertThat(event.getSucceeded()).isTrue();
    assertThat(event.getLatitude()).isEqualTo(1.2323);
    assertThat(event.getLongitude()).isEqualTo(1.3434);
    assertThat(event.getClientIp()).isEqualTo("203.0.113.7");
  }

  @Test
  void aSeedClientKeepsItsFirstRefreshTokenForThreeHours() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    String refresh = login.tokens().refreshToken();
    // seed 000: the app refreshes when its 15-minute access token has expired, always with its
    // first token
    for (int minutes = 0; minutes < 180; minutes += 16) {
      clock.advance(Duration.ofMinutes(16));
      Authentication.Tokens renewed = auth.refresh(refresh, false);
      assertThat(renewed.refreshToken()).isEqualTo(refresh);
      AccessClaims claims = tokens.verifyAccessToken(renewed.accessToken());
      assertThat(sessions.verify(claims, AccessPolicy.getDefaultInstance(), CALLER).userId())
          .isEqualTo(claims.userId());
    }
    assertThat(db.fetchCount(REFRESH_TOKENS)).isEqualTo(1);
    auth.logout(tokens.verifyAccessToken(auth.refresh(refresh, false).accessToken()).sessionId());
    assertCode(() -> auth.refresh(refresh, false), ErrorCode.INVALID_REFRESH_TOKEN);
  }

  @Test
  void aRetriedRotationWithinTheGraceKeepsTheSession() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    Authentication.Tokens lost = auth.refresh(login.tokens().refreshToken(), true);
    clock.advance(Duration.ofSeconds(10));
    // the answer was lost: the client retries with the same token and gets a working successor
    Authentication.Tokens retried = auth.refresh(login.tokens().refreshToken(), true);
    assertThat(retried.refreshToken())
        .isNotEqualTo(lost.refreshToken())
        .isNotEqualTo(login.tokens().refreshToken());
    Authentication.Tokens next = auth.refresh(retried.refreshToken(), true);
    assertThat(
            sessions.verify(
                tokens.verifyAccessToken(next.accessToken()),
                AccessPolicy.getDefaultInstance(),
                CALLER))
        .isNotNull();
    // after the grace, the same replay is a reuse
    clock.advance(Authentication.ROTATION_GRACE);
    assertCode(
        () -> auth.refresh(login.tokens().refreshToken(), true), ErrorCode.REFRESH_TOKEN_REUSED);
    assertCode(() -> auth.refresh(next.refreshToken(), true), ErrorCode.INVALID_REFRESH_TOKEN);
  }

  @Test
  void refreshRotatesAndTheOldTokenThenKillsTheFamily() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    Authentication.Tokens first = auth.refresh(login.tokens().refreshToken(), true);
    assertThat(first.refreshToken()).isNotEqualTo(login.tokens().refreshToken());
    Authentication.Tokens second = auth.refresh(first.refreshToken(), true);
    clock.advance(Authentication.ROTATION_GRACE.plusSeconds(1));

    assertCode(
        () -> auth.refresh(login.tokens().refreshToken(), false), ErrorCode.REFRESH_TOKEN_REUSED);

    // the whole family is dead: the newest refresh token and the access tokens too
    assertCode(() -> auth.refresh(second.refreshToken(), true), ErrorCode.INVALID_REFRESH_TOKEN);
    AccessClaims claims = tokens.verifyAccessToken(second.accessToken());
    assertCode(
        () -> sessions.verify(claims, AccessPolicy.getDefaultInstance(), CALLER),
        ErrorCode.TOKEN_REVOKED);
    assertThat(db.select(AUTH_SESSIONS.REVOKED_REASON).from(AUTH_SESSIONS).fetchSingle().value1())
        .isEqualTo("refresh_token_reuse");
    assertThat(db.fetchCount(REFRESH_TOKENS, REFRESH_TOKENS.REVOKED.isFalse())).isZero();
  }

  @Test
  void refreshTokensAreStoredOnlyAsDigests() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    byte[] stored =
        db.select(REFRESH_TOKENS.TOKEN_HASH).from(REFRESH_TOKENS).fetchSingle().value1();
    assertThat(stored).isEqualTo(TokenService.digest(login.tokens().refreshToken()));
    assertThat(new String(stored, StandardCharsets.ISO_8859_1))
        .doesNotContain(login.tokens().refreshToken());
  }

  @Test
  void expiredRefreshTokenIsRefused() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    clock.advance(Duration.ofDays(31));
    assertCode(
        () -> auth.refresh(login.tokens().refreshToken(), false), ErrorCode.REFRESH_TOKEN_EXPIRED);
  }

  @Test
  void unknownRefreshTokenIsRefused() {
    assertCode(() -> auth.refresh("made-up", false), ErrorCode.INVALID_REFRESH_TOKEN);
    assertCode(() -> auth.refresh("", true), ErrorCode.MISSING_FIELD);
  }

  @Test
  void logoutEndsRefreshAndAccess() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    AccessClaims claims = tokens.verifyAccessToken(login.tokens().accessToken());
    assertThat(sessions.verify(claims, AccessPolicy.getDefaultInstance(), CALLER).userId())
        .isEqualTo(claims.userId());

    auth.logout(claims.sessionId());

    assertCode(
        () -> sessions.verify(claims, AccessPolicy.getDefaultInstance(), CALLER),
        ErrorCode.TOKEN_REVOKED);
    assertCode(
        () -> auth.refresh(login.tokens().refreshToken(), false), ErrorCode.INVALID_REFRESH_TOKEN);
  }

  private static Caller.Origin from(String ip) {
    return new Caller.Origin(ip, "test-agent");
  }

  private int failures(String code) {
    return db.fetchCount(LOGIN_EVENTS, LOGIN_EVENTS.FAILURE_CODE.eq(code));
  }

  @Test
  void thirtyParallelGuessesEvaluateAtMostTheLimit() throws Exception {
    var pool = Executors.newFixedThreadPool(30);
    var start = new CountDownLatch(1);
    List<Future<ErrorCode>> guesses = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String guess = "wrong-guess-" + i;
      guesses.add(
          pool.submit(
              () -> {
                start.await();
                return catchApi(
                        () -> auth.login("employee01", guess, Authentication.Location.NONE, CALLER))
                    .errorCode();
              }));
    }
    start.countDown();
    int throttled = 0;
    for (var guess : guesses) {
      if (guess.get() == ErrorCode.TOO_MANY_ATTEMPTS) {
        throttled++;
      }
    }
    pool.shutdown();
    // every wrong password checked was recorded as invalid_credentials: at most the limit (5) were
    // checked
    assertThat(failures("invalid_credentials")).isLessThanOrEqualTo(5);
    assertThat(throttled).isGreaterThanOrEqualTo(25).isEqualTo(failures("too_many_attempts"));
  }

  @Test
  void theUsernameAndTheEmailShareOneLimit() {
    for (int i = 0; i < 3; i++) {
      assertCode(
          () -> auth.login("employee01", "wrong-guess", Authentication.Location.NONE, CALLER),
          ErrorCode.INVALID_CREDENTIALS);
    }
    for (int i = 0; i < 2; i++) {
      assertCode(
          () ->
              auth.login("AHMED@company.com", "wrong-guess", Authentication.Location.NONE, CALLER),
          ErrorCode.INVALID_CREDENTIALS);
    }
    assertCode(
        () -> auth.login("Employee01", "correct-horse", Authentication.Location.NONE, CALLER),
        ErrorCode.TOO_MANY_ATTEMPTS);
  }

  @Test
  void guessesFromElsewhereDoNotLockTheOwnerOutAndLockOutsBackOff() {
    Caller.Origin attacker = from("198.51.100.66");
    for (int i = 0; i < 5; i++) {
      assertCode(
          () -> auth.login("employee01", "wrong-guess", Authentication.Location.NONE, attacker),
          ErrorCode.INVALID_CREDENTIALS);
    }
    ApiException locked =
        catchApi(
            () ->
                auth.login("employee01", "correct-horse", Authentication.Location.NONE, attacker));
    assertThat(locked.errorCode()).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
    assertThat(Long.parseLong(locked.details().get("retry_after_seconds")))
        .isBetween(14 * 60L, 15 * 60L);
    // the owner, from their own address, still signs in
    assertThat(
            auth.login(
                "employee01", "correct-horse", Authentication.Location.NONE, from("203.0.113.8")))
        .isNotNull();

    // the attacker's second lock-out lasts twice as long
    clock.advance(Duration.ofMinutes(16));
    for (int i = 0; i < 5; i++) {
      assertCode(
          () -> auth.login("employee01", "wrong-guess", Authentication.Location.NONE, attacker),
          ErrorCode.INVALID_CREDENTIALS);
    }
    ApiException longer =
        catchApi(
            () -> auth.login("employee01", "wrong-guess", Authentication.Location.NONE, attacker));
    assertThat(Long.parseLong(longer.details().get("retry_after_seconds")))
        .isBetween(29 * 60L, 30 * 60L);
  }

  @Test
  void repeatedFailuresAreThrottled() {
    for (int i = 0; i < 5; i++) {
      assertCode(
          () -> auth.login("employee01", "wrong-guess", Authentication.Location.NONE, CALLER),
          ErrorCode.INVALID_CREDENTIALS);
    }
    // even the right password waits out the window: the attacker must not learn it is right
    assertCode(
        () -> auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER),
        ErrorCode.TOO_MANY_ATTEMPTS);
    clock.advance(Duration.ofMinutes(16));
    assertThat(auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER))
        .isNotNull();
  }

  @Test
  void missingFieldsAreNamed() {
    assertThat(
            catchApi(() -> auth.login("", "x", Authentication.Location.NONE, CALLER)).getMessage())
        .contains("username");
    assertThat(
            catchApi(() -> auth.login("employee01", "", Authentication.Location.NONE, CALLER))
                .getMessage())
        .contains("password");
  }

  @Test
  void sessionCheckEnforcesRolesAndBlocking() {
    var login = auth.login("employee01", "correct-horse", Authentication.Location.NONE, CALLER);
    AccessClaims claims = tokens.verifyAccessToken(login.tokens().accessToken());
    AccessPolicy adminOnly = AccessPolicy.newBuilder().addRoles(Role.ROLE_ADMIN).build();
    assertCode(() -> sessions.verify(claims, adminOnly, CALLER), ErrorCode.FORBIDDEN);

    db.execute("update users set status = 'blocked'");
    assertCode(
        () -> sessions.verify(claims, AccessPolicy.getDefaultInstance(), CALLER),
        ErrorCode.ACCOUNT_BLOCKED);
    assertThat(
            sessions
                .verify(claims, AccessPolicy.newBuilder().setAllowBlocked(true).build(), CALLER)
                .status()
                .name())
        .isEqualTo("BLOCKED");

    db.execute("update users set status = 'active', deactivated_at = now()");
    assertCode(
        () -> sessions.verify(claims, AccessPolicy.getDefaultInstance(), CALLER),
        ErrorCode.TOKEN_REVOKED);
  }

  @Test
  void userCreationIsAudited() {
    var row = db.selectFrom(AUDIT_LOG).fetchSingle();
    assertThat(row.getAction()).isEqualTo("user.create");
    assertThat(row.getActorKind()).isEqualTo("cli");
    assertThat(row.getDetails().data()).contains("employee01").doesNotContain("correct-horse");
  }

  private static ApiException catchApi(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected an ApiException");
  }
}
