package io.faceattend.server.events;

import io.faceattend.server.webhooks.Backoff;
import java.time.Duration;

/**
 * Timings of the event pipeline (FACEATTEND_EVENTS_* and FACEATTEND_WEBHOOK_* variables; tests
 * shorten them).
 *
 * @param pollInterval how often a node looks for new events and due deliveries
 * @param batchSize most events, deliveries or notifications one node claims per round
 * @param requestTimeout a receiver's (or SMTP / FCM server's) time to answer one attempt
 * @param lease how long a claimed delivery is left alone by other nodes while this one sends it; a
 *     node that dies mid-send leaves it due again after this
 * @param backoff retry timings and the dead-letter limit
 */
public record DispatchSettings(
    Duration pollInterval,
    int batchSize,
    Duration requestTimeout,
    Duration lease,
    Backoff backoff) {

  public static final DispatchSettings DEFAULT =
      new DispatchSettings(
          Duration.ofSeconds(1),
          50,
          Duration.ofSeconds(10),
          Duration.ofMinutes(2),
          Backoff.DEFAULT);
}
