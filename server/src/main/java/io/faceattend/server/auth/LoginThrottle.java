package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.LOGIN_THROTTLE;

import io.faceattend.db.jooq.tables.records.LoginThrottleRecord;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SelectForUpdateOfStep;

/**
 * Limits password guesses per account and source address, in PostgreSQL so that every gateway node
 * shares it.
 *
 * <p>{@link #reserve} takes a slot under the row lock <em>before</em> the password is checked, so N
 * parallel guesses evaluate at most {@code maxFailures} passwords; {@link #succeeded} clears the
 * pair, {@link #failed} keeps the slot and, at the limit, locks the pair for the window, doubling
 * with each further lock-out (at most {@link #MAX_LOCK}). The key is the account (not its spelling:
 * username and e-mail share it) and the address, so an attacker elsewhere cannot lock the owner
 * out.
 */
public record LoginThrottle(Store store, Limit limit) {

  static final Duration MAX_LOCK = Duration.ofHours(24);

  /** How many failed guesses a pair may make within the window before it is locked out. */
  public record Limit(int maxFailures, Duration window) {}

  /**
   * Whose guesses are counted together: a known account by id, an unknown login name by its
   * lower-case form.
   */
  public record Key(String account, String clientIp) {
    static Key of(Long userId, String loginName, Caller.Origin caller) {
      String account =
          userId != null ? "user:" + userId : "name:" + loginName.toLowerCase(Locale.ROOT);
      return new Key(account, caller.clientIp() == null ? "unknown" : caller.clientIp());
    }
  }

  /** Takes one attempt slot, or refuses with 429 {@code too_many_attempts} and how long to wait. */
  public void reserve(Key key) {
    OffsetDateTime now = store.now();
    Duration wait =
        store.transactionResult(
            tx -> {
              tx.insertInto(LOGIN_THROTTLE)
                  .set(LOGIN_THROTTLE.ACCOUNT_KEY, key.account())
                  .set(LOGIN_THROTTLE.CLIENT_IP, key.clientIp())
                  .set(LOGIN_THROTTLE.WINDOW_STARTED_AT, now)
                  .set(LOGIN_THROTTLE.UPDATED_AT, now)
                  .onConflictDoNothing()
                  .execute();
              LoginThrottleRecord row = locked(tx, key).fetchSingle();
              if (row.getLockedUntil() != null && row.getLockedUntil().isAfter(now)) {
                return Duration.between(now, row.getLockedUntil());
              }
              if (row.getLockedUntil() != null
                  || row.getWindowStartedAt().plus(limit.window()).isBefore(now)) {
                // a lock served or a quiet window: count afresh (lockouts stay, so the next
                // lock-out lasts longer)
                row.setAttempts(0);
                row.setWindowStartedAt(now);
                row.setLockedUntil(null);
              }
              if (row.getAttempts() >= limit.maxFailures()) {
                // the slots are held by guesses still being checked: wait for them, briefly
                row.setUpdatedAt(now);
                row.store();
                return Duration.ofSeconds(1);
              }
              row.setAttempts(row.getAttempts() + 1);
              row.setUpdatedAt(now);
              row.store();
              return Duration.ZERO;
            });
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      throw new ApiException(
          ErrorCode.TOO_MANY_ATTEMPTS,
          "Too many failed sign-in attempts; try again in " + humanize(seconds),
          Map.of("retry_after_seconds", Long.toString(seconds)));
    }
  }

  /** The password was right: this pair starts afresh. */
  public void succeeded(Key key) {
    store
        .db()
        .deleteFrom(LOGIN_THROTTLE)
        .where(
            LOGIN_THROTTLE.ACCOUNT_KEY.eq(key.account()),
            LOGIN_THROTTLE.CLIENT_IP.eq(key.clientIp()))
        .execute();
  }

  /**
   * The password was wrong: the slot stays taken; at the limit the pair is locked, longer each
   * time.
   */
  public void failed(Key key) {
    OffsetDateTime now = store.now();
    store.transaction(
        tx -> {
          LoginThrottleRecord row = locked(tx, key).fetchOne();
          if (row == null
              || row.getLockedUntil() != null
              || row.getAttempts() < limit.maxFailures()) {
            return;
          }
          Duration lock = limit.window().multipliedBy(1L << Math.min(row.getLockouts(), 20));
          row.setLockedUntil(now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock));
          row.setLockouts(row.getLockouts() + 1);
          row.setUpdatedAt(now);
          row.store();
        });
  }

  private static String humanize(long seconds) {
    return seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
  }

  /** The pair's row, locked until the transaction ends, so parallel guesses take turns. */
  private static SelectForUpdateOfStep<LoginThrottleRecord> locked(DSLContext tx, Key key) {
    return tx.selectFrom(LOGIN_THROTTLE)
        .where(
            LOGIN_THROTTLE.ACCOUNT_KEY.eq(key.account()),
            LOGIN_THROTTLE.CLIENT_IP.eq(key.clientIp()))
        .forUpdate();
  }
}
