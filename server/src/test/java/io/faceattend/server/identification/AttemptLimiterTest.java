package io.faceattend.server.identification;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.server.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {

  @Test
  void allowsTheConfiguredAttemptsPerKeyPerMinute() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-15T09:00:00Z"));
    AttemptLimiter limiter = new AttemptLimiter(3, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("ip:10.0.0.1")).isTrue();
    }
    assertThat(limiter.tryAcquire("ip:10.0.0.1")).isFalse();
    assertThat(limiter.tryAcquire("ip:10.0.0.2"))
        .as("another address has its own allowance")
        .isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire("ip:10.0.0.1")).as("the next minute").isTrue();
  }
}
