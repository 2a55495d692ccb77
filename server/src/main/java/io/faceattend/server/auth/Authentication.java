package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.AUTH_SESSIONS;
import static io.faceattend.db.jooq.Tables.LOGIN_EVENTS;
import static io.faceattend.db.jooq.Tables.REFRESH_TOKENS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.UserAccounts;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Sign-in, refresh-token rotation and sign-out.
 *
 * <p>A login opens a session (a refresh-token family) that lasts the refresh lifetime. A plain
 * refresh keeps the presented token valid (seed 000); a rotating refresh uses it up and issues the
 * next one, with reuse detection (see {@link #refresh}). Access tokens name their session, and the
 * interceptor refuses them once it is revoked: logout, password reset and deactivation end the
 * session at once.
 */
public final class Authentication {

  /**
   * How long a rotated-away refresh token may still be presented once (a retry after a lost
   * answer).
   */
  public static final Duration ROTATION_GRACE = Duration.ofSeconds(30);

  private final Store store;
  private final UserAccounts users;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final Duration refreshTokenTtl;
  private final LoginThrottle throttle;

  public Authentication(
      Store store,
      UserAccounts users,
      PasswordHasher hasher,
      TokenService tokens,
      Duration refreshTokenTtl,
      LoginThrottle.Limit loginLimit) {
    this.store = store;
    this.users = users;
    this.hasher = hasher;
    this.tokens = tokens;
    this.refreshTokenTtl = refreshTokenTtl;
    this.throttle = new LoginThrottle(store, loginLimit);
  }

  /** Where the device was at login; both null when the app did not send it. */
  public record Location(Double latitude, Double longitude) {
    public static final Location NONE = new Location(null, null);
  }

  /** A signed-in session's tokens. */
  public record Tokens(String accessToken, String refreshToken) {}

  /** The result of a successful login. */
  public record LoginResult(Tokens tokens, UsersRecord user) {}

  public LoginResult login(String login, String password, Location location, Caller.Origin caller) {
    if (login == null || login.isBlank()) {
      throw ApiException.missingField("username");
    }
    if (password == null || password.isEmpty()) {
      throw ApiException.missingField("password");
    }
    if (login.length() > 254 || password.length() > 1024) {
      throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid username or password");
    }
    String loginName = login.trim();
    UsersRecord user = users.findByLogin(loginName).orElse(null);
    LoginThrottle.Key throttleKey =
        LoginThrottle.Key.of(user == null ? null : user.getId(), loginName, caller);
    try {
      throttle.reserve(throttleKey);
    } catch (ApiException e) {
      insertLoginEvent(
          store.db(),
          user == null ? null : user.getId(),
          loginName,
          false,
          e.errorCode().code(),
          location,
          caller);
      throw e;
    }
    boolean ok;
    if (user == null) {
      hasher.verifyDecoy(password); // same time as a wrong password: no user enumeration by timing
      ok = false;
    } else {
      ok = hasher.verify(password, user.getPasswordHash());
    }
    if (!ok) {
      throttle.failed(throttleKey);
      insertLoginEvent(
          store.db(),
          user == null ? null : user.getId(),
          loginName,
          false,
          ErrorCode.INVALID_CREDENTIALS.code(),
          location,
          caller);
      throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid username or password");
    }
    throttle.succeeded(throttleKey);
    return openSession(user, loginName, location, caller);
  }

  /**
   * Opens a session for a user whose identity is already proven (password above, or a recognised
   * face in identification/FaceLogin) and records the successful login event.
   */
  public LoginResult openSession(
      UsersRecord user, String loginName, Location location, Caller.Origin caller) {
    Tokens issued =
        store.transactionResult(
            tx -> {
              UUID sessionId = UUID.randomUUID();
              tx.insertInto(AUTH_SESSIONS)
                  .set(AUTH_SESSIONS.ID, sessionId)
                  .set(AUTH_SESSIONS.USER_ID, user.getId())
                  .set(AUTH_SESSIONS.CLIENT_IP, caller.clientIp())
                  .set(AUTH_SESSIONS.USER_AGENT, caller.userAgent())
                  .execute();
              String refresh = insertRefreshToken(tx, sessionId, store.now().plus(refreshTokenTtl));
              insertLoginEvent(tx, user.getId(), loginName, true, null, location, caller);
              return new Tokens(
                  tokens.issueAccessToken(user.getId(), sessionId, user.getRole()), refresh);
            });
    return new LoginResult(issued, user);
  }

  /**
   * Issues a new access token for a refresh token. Without {@code rotate} (seed 000's clients,
   * which keep their first refresh token) the token stays valid until it expires, so the session
   * lasts the refresh lifetime however often it refreshes. With {@code rotate} the presented token
   * is used up and the next one of the family is returned; presenting a used-up token again means
   * it was stolen or replayed and revokes the whole family, except within {@link #ROTATION_GRACE}
   * of its use: a retry after a lost answer gets a fresh successor.
   */
  public Tokens refresh(String refreshToken, boolean rotate) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw ApiException.missingField("refresh_token");
    }
    String presented = refreshToken.trim();
    byte[] digest = TokenService.digest(presented);
    // Decide inside a transaction, throw after it commits: a reuse must revoke the family even
    // though the
    // caller gets an error.
    RefreshOutcome outcome =
        store.transactionResult(
            tx -> {
              var row =
                  tx.select(
                          REFRESH_TOKENS.ID,
                          REFRESH_TOKENS.FAMILY_ID,
                          REFRESH_TOKENS.USED,
                          REFRESH_TOKENS.USED_AT,
                          REFRESH_TOKENS.REVOKED,
                          REFRESH_TOKENS.EXPIRES_AT,
                          AUTH_SESSIONS.REVOKED_AT,
                          USERS.ID,
                          USERS.ROLE,
                          USERS.DEACTIVATED_AT)
                      .from(REFRESH_TOKENS)
                      .join(AUTH_SESSIONS)
                      .on(AUTH_SESSIONS.ID.eq(REFRESH_TOKENS.FAMILY_ID))
                      .join(USERS)
                      .on(USERS.ID.eq(AUTH_SESSIONS.USER_ID))
                      .where(REFRESH_TOKENS.TOKEN_HASH.eq(digest))
                      .forUpdate()
                      .of(REFRESH_TOKENS)
                      .fetchOne();
              if (row == null) {
                return new RefreshOutcome(ErrorCode.INVALID_REFRESH_TOKEN, null);
              }
              UUID family = row.get(REFRESH_TOKENS.FAMILY_ID);
              boolean ended =
                  row.get(REFRESH_TOKENS.REVOKED)
                      || row.get(AUTH_SESSIONS.REVOKED_AT) != null
                      || row.get(USERS.DEACTIVATED_AT) != null;
              boolean used = row.get(REFRESH_TOKENS.USED);
              if (used && (ended || !withinGrace(row.get(REFRESH_TOKENS.USED_AT)))) {
                revokeSession(tx, family, "refresh_token_reuse");
                return new RefreshOutcome(ErrorCode.REFRESH_TOKEN_REUSED, null);
              }
              if (ended) {
                return new RefreshOutcome(ErrorCode.INVALID_REFRESH_TOKEN, null);
              }
              if (row.get(REFRESH_TOKENS.EXPIRES_AT)
                  .toInstant()
                  .isBefore(store.clock().instant())) {
                return new RefreshOutcome(ErrorCode.REFRESH_TOKEN_EXPIRED, null);
              }
              tx.update(AUTH_SESSIONS)
                  .set(AUTH_SESSIONS.LAST_REFRESHED_AT, store.now())
                  .where(AUTH_SESSIONS.ID.eq(family))
                  .execute();
              String access =
                  tokens.issueAccessToken(row.get(USERS.ID), family, row.get(USERS.ROLE));
              if (!rotate && !used) {
                return new RefreshOutcome(null, new Tokens(access, presented));
              }
              if (!used) {
                tx.update(REFRESH_TOKENS)
                    .set(REFRESH_TOKENS.USED, true)
                    .set(REFRESH_TOKENS.USED_AT, store.now())
                    .where(REFRESH_TOKENS.ID.eq(row.get(REFRESH_TOKENS.ID)))
                    .execute();
              }
              // a used token within its grace: the retry of a rotation whose answer was lost
              // gets a
              // successor too
              return new RefreshOutcome(
                  null,
                  new Tokens(
                      access, insertRefreshToken(tx, family, row.get(REFRESH_TOKENS.EXPIRES_AT))));
            });
    if (outcome.failure() != null) {
      throw new ApiException(
          outcome.failure(),
          switch (outcome.failure()) {
            case REFRESH_TOKEN_REUSED ->
                "Refresh token was already used; the session has been ended for safety";
            case REFRESH_TOKEN_EXPIRED -> "Refresh token has expired; sign in again";
            default -> "Refresh token is invalid; sign in again";
          });
    }
    return outcome.tokens();
  }

  private boolean withinGrace(OffsetDateTime usedAt) {
    return usedAt != null
        && !usedAt.toInstant().plus(ROTATION_GRACE).isBefore(store.clock().instant());
  }

  private record RefreshOutcome(ErrorCode failure, Tokens tokens) {}

  /** Ends a session: its refresh tokens and access tokens stop working. */
  public void logout(UUID sessionId) {
    store.transaction(tx -> revokeSession(tx, sessionId, "logout"));
  }

  private void revokeSession(DSLContext tx, UUID sessionId, String reason) {
    tx.update(AUTH_SESSIONS)
        .set(AUTH_SESSIONS.REVOKED_AT, store.now())
        .set(AUTH_SESSIONS.REVOKED_REASON, reason)
        .where(AUTH_SESSIONS.ID.eq(sessionId))
        .and(AUTH_SESSIONS.REVOKED_AT.isNull())
        .execute();
    tx.update(REFRESH_TOKENS)
        .set(REFRESH_TOKENS.REVOKED, true)
        .where(REFRESH_TOKENS.FAMILY_ID.eq(sessionId))
        .execute();
  }

  /**
   * A new token of the family; rotated successors keep the family's expiry (the session's refresh
   * lifetime).
   */
  private String insertRefreshToken(DSLContext tx, UUID family, OffsetDateTime expiresAt) {
    String token = tokens.newRefreshToken();
    tx.insertInto(REFRESH_TOKENS)
        .set(REFRESH_TOKENS.FAMILY_ID, family)
        .set(REFRESH_TOKENS.TOKEN_HASH, TokenService.digest(token))
        .set(REFRESH_TOKENS.EXPIRES_AT, expiresAt)
        .execute();
    return token;
  }

  /** Records a refused login (e.g. a face that was not recognised), for the login history. */
  public void recordFailure(
      Long userId, String loginName, ErrorCode reason, Location location, Caller.Origin caller) {
    insertLoginEvent(store.db(), userId, loginName, false, reason.code(), location, caller);
  }

  private void insertLoginEvent(
      DSLContext tx,
      Long userId,
      String loginName,
      boolean succeeded,
      String failureCode,
      Location location,
      Caller.Origin caller) {
    tx.insertInto(LOGIN_EVENTS)
        .set(LOGIN_EVENTS.USER_ID, userId)
        .set(LOGIN_EVENTS.LOGIN_NAME, loginName)
        .set(LOGIN_EVENTS.SUCCEEDED, succeeded)
        .set(LOGIN_EVENTS.FAILURE_CODE, failureCode)
        .set(LOGIN_EVENTS.LATITUDE, location.latitude())
        .set(LOGIN_EVENTS.LONGITUDE, location.longitude())
        .set(LOGIN_EVENTS.CLIENT_IP, caller.clientIp())
        .set(LOGIN_EVENTS.USER_AGENT, caller.userAgent())
        .set(LOGIN_EVENTS.CREATED_AT, store.now())
        .execute();
  }
}
