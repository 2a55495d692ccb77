package io.faceattend.server.ratelimit;

import static io.faceattend.db.jooq.Tables.RATE_LIMIT_COUNTERS;

import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Counts requests in PostgreSQL, one fixed window per bucket that starts with its first request.
 * One upsert both counts and reads every bucket of a request, atomically under the row locks, so
 * any number of gateway nodes sharing the database admit at most the limit per window together.
 */
public record RateLimiter(Store store, RateLimitSettings settings) {

  public RateLimitSettings settings() {
    return settings;
  }

  /**
   * Counts one request of {@code category} against each subject (e.g. {@code ip:10.0.0.1}, {@code
   * user:42}); refuses with 429 {@code rate_limited} and the wait in {@code retry_after_seconds}
   * when any of them is over its limit.
   */
  public void hit(RateLimitSettings.Category category, List<String> subjects) {
    var limit = settings.of(category).orElse(null);
    if (limit == null || subjects.isEmpty()) {
      return;
    }
    OffsetDateTime now = store.now();
    OffsetDateTime windowOpenSince = now.minus(limit.window());
    var counters = RATE_LIMIT_COUNTERS;
    var insert =
        DSL.insertInto(counters, counters.BUCKET_KEY, counters.WINDOW_STARTED_AT, counters.HITS);
    for (String subject : subjects) {
      insert = insert.values(category.key() + "|" + subject, now, 1);
    }
    // the existing row's window still open: count on; else a new window starts with this request
    Field<Boolean> open = counters.WINDOW_STARTED_AT.gt(windowOpenSince);
    var upsert =
        insert
            .onConflict(counters.BUCKET_KEY)
            .doUpdate()
            .set(counters.HITS, DSL.when(open, counters.HITS.plus(1)).otherwise(1))
            .set(
                counters.WINDOW_STARTED_AT,
                DSL.when(open, counters.WINDOW_STARTED_AT).otherwise(now))
            .returning(counters.HITS, counters.WINDOW_STARTED_AT);
    var rows =
        store.transactionResult(
            tx -> {
              // a counter lost in a crash costs nothing: do not wait for the WAL flush (a
              // request
              // pays one commit less than a durable write)
              tx.execute("set local synchronous_commit = off");
              return tx.fetch(upsert);
            });
    // over the limit in any bucket: wait until the last of those windows ends
    Duration wait = null;
    for (var row : rows) {
      if (row.getHits() > limit.requests()) {
        Duration left = Duration.between(now, row.getWindowStartedAt().plus(limit.window()));
        wait = wait == null || left.compareTo(wait) > 0 ? left : wait;
      }
    }
    if (wait == null) {
      return;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    throw new ApiException(
        ErrorCode.RATE_LIMITED,
        "Too many "
            + category.key().replace('_', ' ')
            + " requests ("
            + limit.requests()
            + " per "
            + describe(limit.window())
            + "); try again in "
            + seconds
            + " seconds",
        Map.of("retry_after_seconds", Long.toString(seconds)));
  }

  /** Drops the counters whose window ended long ago (the retention job). */
  public int prune(Duration olderThan) {
    OffsetDateTime before = store.now().minus(olderThan);
    return store
        .db()
        .deleteFrom(RATE_LIMIT_COUNTERS)
        .where(RATE_LIMIT_COUNTERS.WINDOW_STARTED_AT.lt(before))
        .execute();
  }

  private static String describe(Duration window) {
    if (window.equals(Duration.ofSeconds(1))) {
      return "second";
    }
    if (window.equals(Duration.ofMinutes(1))) {
      return "minute";
    }
    if (window.equals(Duration.ofHours(1))) {
      return "hour";
    }
    return window.equals(Duration.ofDays(1)) ? "day" : window.toString();
  }
}
