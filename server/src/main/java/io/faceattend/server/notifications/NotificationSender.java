package io.faceattend.server.notifications;

import static io.faceattend.db.jooq.Tables.DEVICE_TOKENS;
import static io.faceattend.db.jooq.Tables.NOTIFICATIONS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;

import io.faceattend.db.jooq.tables.records.NotificationsRecord;
import io.faceattend.db.types.NotificationStatus;
import io.faceattend.server.events.DispatchSettings;
import io.faceattend.server.events.EventDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Sends queued notifications that are due, claimed and leased like webhook deliveries (so with
 * several nodes each is sent by one), retried with the same backoff, dead-lettered after the retry
 * period. A push token FCM calls unregistered is deleted instead of retried.
 */
public record NotificationSender(
    DSLContext db,
    Optional<EmailSender> email,
    Optional<PushSender> push,
    DispatchSettings settings,
    Clock clock)
    implements EventDispatcher.Sender {

  @Override
  public int sendDue() {
    List<NotificationsRecord> claimed =
        db.transactionResult(
            config -> {
              DSLContext tx = DSL.using(config);
              OffsetDateTime now = now();
              var rows =
                  tx.selectFrom(NOTIFICATIONS)
                      .where(NOTIFICATIONS.STATUS.eq(NotificationStatus.PENDING))
                      .and(NOTIFICATIONS.NEXT_ATTEMPT_AT.le(now))
                      .orderBy(NOTIFICATIONS.NEXT_ATTEMPT_AT)
                      .limit(settings.batchSize())
                      .forUpdate()
                      .skipLocked()
                      .fetch();
              if (!rows.isEmpty()) {
                tx.update(NOTIFICATIONS)
                    .set(NOTIFICATIONS.NEXT_ATTEMPT_AT, now.plus(settings.lease()))
                    .where(NOTIFICATIONS.ID.in(rows.map(NotificationsRecord::getId)))
                    .execute();
              }
              return rows;
            });
    for (NotificationsRecord notification : claimed) {
      send(notification);
    }
    return claimed.size();
  }

  private void send(NotificationsRecord n) {
    String error = null;
    boolean forget = false;
    try {
      if ("email".equals(n.getChannel())) {
        email
            .orElseThrow(() -> new IllegalStateException("e-mail is not configured"))
            .send(n.getRecipient(), n.getSubject(), n.getBody());
      } else {
        push.orElseThrow(() -> new IllegalStateException("push is not configured"))
            .send(n.getRecipient(), n.getSubject(), n.getBody(), Map.of("event", eventType(n)));
      }
    } catch (PushSender.InvalidTokenException e) {
      error = e.getMessage();
      forget = true;
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    String failure = error == null || error.length() <= 500 ? error : error.substring(0, 500);
    boolean unregistered = forget;
    db.transaction(
        config -> {
          DSLContext tx = DSL.using(config);
          OffsetDateTime now = now();
          int attempts = n.getAttempts() + 1;
          var update =
              tx.update(NOTIFICATIONS)
                  .set(NOTIFICATIONS.ATTEMPTS, attempts)
                  .set(NOTIFICATIONS.LAST_ERROR, failure);
          if (failure == null) {
            update
                .set(NOTIFICATIONS.STATUS, NotificationStatus.SENT)
                .set(NOTIFICATIONS.SENT_AT, now)
                .where(NOTIFICATIONS.ID.eq(n.getId()))
                .execute();
          } else if (unregistered
              || settings.backoff().exhausted(Duration.between(n.getCreatedAt(), now))) {
            update
                .set(NOTIFICATIONS.STATUS, NotificationStatus.DEAD)
                .where(NOTIFICATIONS.ID.eq(n.getId()))
                .execute();
            if (unregistered) {
              tx.deleteFrom(DEVICE_TOKENS)
                  .where(DEVICE_TOKENS.TOKEN.eq(n.getRecipient()))
                  .execute();
            }
          } else {
            update
                .set(
                    NOTIFICATIONS.NEXT_ATTEMPT_AT,
                    now.plus(settings.backoff().delayAfter(attempts)))
                .where(NOTIFICATIONS.ID.eq(n.getId()))
                .execute();
          }
        });
  }

  private String eventType(NotificationsRecord n) {
    if (n.getOutboxEventId() == null) {
      return "";
    }
    String type =
        db.select(OUTBOX_EVENTS.EVENT_TYPE)
            .from(OUTBOX_EVENTS)
            .where(OUTBOX_EVENTS.ID.eq(n.getOutboxEventId()))
            .fetchOne(OUTBOX_EVENTS.EVENT_TYPE);
    return type == null ? "" : type;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
