package io.faceattend.server.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after a failed attempt: exponential (base, 2 base, 4 base, ... up to max) with
 * jitter (a random point in the upper half of the step), so receivers coming back are not hit by
 * every sender at once. Attempts go on until {@code retryFor} has passed since the first one, then
 * the item is dead-lettered.
 */
public record Backoff(Duration base, Duration max, Duration retryFor) {

  /** Production timings: 10 s doubling up to 1 h, for 24 h (about 30 attempts). */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));

  /** The wait after the {@code attempts}-th failed attempt (1 = the first). */
  public Duration delayAfter(int attempts) {
    long baseMs = Math.max(1, base.toMillis());
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    long step = Math.min(max.toMillis(), baseMs * (1L << Math.min(doublings, 30)));
    long half = step / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  /** Whether an item first queued {@code age} ago is given up on after a failure. */
  public boolean exhausted(Duration age) {
    return age.compareTo(retryFor) >= 0;
  }
}
