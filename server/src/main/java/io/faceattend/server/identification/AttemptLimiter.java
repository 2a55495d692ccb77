package io.faceattend.server.identification;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} attempts per key (a client address, a device) in each calendar minute,
 * in this node's memory: enough to stop a script trying photo after photo against face login, with
 * no database write per try.
 */
final class AttemptLimiter {

  private record Window(long minute, int count) {}

  private final int perMinute;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  AttemptLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Counts an attempt; false when the key has used up this minute's allowance. */
  boolean tryAcquire(String key) {
    if (key == null || key.isBlank()) {
      return true;
    }
    long minute = clock.millis() / 60_000;
    if (windows.size() > 100_000) {
      windows.values().removeIf(w -> w.minute() < minute);
    }
    Window window =
        windows.merge(
            key,
            new Window(minute, 1),
            (old, fresh) -> old.minute() == minute ? new Window(minute, old.count() + 1) : fresh);
    return window.count() <= perMinute;
  }
}
