package io.faceattend.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysDoubleWithJitterInTheUpperHalfAndStopAtTheCap() {
    Backoff backoff =
        new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delayAfter(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
      assertThat(backoff.delayAfter(3)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
      assertThat(backoff.delayAfter(50)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
    }
  }

  @Test
  void theDefaultKeepsTryingForAtLeastADayThenGivesUp() {
    Backoff backoff = Backoff.DEFAULT;
    Duration elapsed = Duration.ZERO;
    int attempts = 0;
    while (!backoff.exhausted(elapsed)) {
      attempts++;
      elapsed = elapsed.plus(backoff.delayAfter(attempts));
    }
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofHours(24));
    assertThat(attempts).isBetween(20, 60);
    assertThat(backoff.exhausted(Duration.ofHours(23))).isFalse();
  }
}
