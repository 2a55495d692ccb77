package io.faceattend.server.jobs;

import static io.faceattend.db.jooq.Tables.ABSENCE_REQUESTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.LOGIN_EVENTS;
import static io.faceattend.db.jooq.Tables.NOTIFICATIONS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.RATE_LIMIT_COUNTERS;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERIES;

import io.faceattend.db.types.DeliveryStatus;
import io.faceattend.db.types.NotificationStatus;
import io.faceattend.server.audit.Store;
import io.faceattend.server.config.RetentionPeriods;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.impl.DSL;

/**
 * Deletes what is only kept for a while (seed 001's maintenance task): events whose deliveries are
 * all finished (with their delivery log), sent notifications, refused punch attempts, login events,
 * the evidence files of long-decided absence requests and dead rate-limit counters, each after its
 * configured number of days ({@link RetentionPeriods}).
 */
public record Retention(Store store, RetentionPeriods periods) {

  /** Deletes in one transaction; returns rows deleted per table. */
  public Map<String, Integer> run() {
    OffsetDateTime now = OffsetDateTime.now(store.clock());
    OffsetDateTime before = now.minusDays(periods.events());
    return store.transactionResult(
        tx -> {
          Map<String, Integer> deleted = new LinkedHashMap<>();
          deleted.put(
              "notifications",
              tx.deleteFrom(NOTIFICATIONS)
                  .where(NOTIFICATIONS.CREATED_AT.lt(before))
                  .and(NOTIFICATIONS.STATUS.ne(NotificationStatus.PENDING))
                  .execute());
          deleted.put(
              "outbox_events",
              tx.deleteFrom(OUTBOX_EVENTS)
                  .where(OUTBOX_EVENTS.CREATED_AT.lt(before))
                  .and(OUTBOX_EVENTS.FANNED_OUT_AT.isNotNull())
                  .andNotExists(
                      DSL.selectOne()
                          .from(WEBHOOK_DELIVERIES)
                          .where(WEBHOOK_DELIVERIES.OUTBOX_EVENT_ID.eq(OUTBOX_EVENTS.ID))
                          .and(WEBHOOK_DELIVERIES.STATUS.eq(DeliveryStatus.PENDING)))
                  .execute());
          deleted.put(
              "attendance_attempts",
              tx.deleteFrom(ATTENDANCE_ATTEMPTS)
                  .where(ATTENDANCE_ATTEMPTS.CREATED_AT.lt(now.minusDays(periods.attempts())))
                  .execute());
          deleted.put(
              "login_events",
              tx.deleteFrom(LOGIN_EVENTS)
                  .where(LOGIN_EVENTS.CREATED_AT.lt(now.minusDays(periods.loginEvents())))
                  .execute());
          // the file goes, the decided request stays (reports, payroll)
          deleted.put(
              "absence_evidence",
              tx.update(ABSENCE_REQUESTS)
                  .set(ABSENCE_REQUESTS.EVIDENCE, (byte[]) null)
                  .set(ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE, (String) null)
                  .where(ABSENCE_REQUESTS.EVIDENCE.isNotNull())
                  .and(ABSENCE_REQUESTS.DECIDED_AT.lt(now.minusDays(periods.evidence())))
                  .execute());
          // rate-limit windows are a minute to a day long: older counters are dead
          deleted.put(
              "rate_limit_counters",
              tx.deleteFrom(RATE_LIMIT_COUNTERS)
                  .where(RATE_LIMIT_COUNTERS.WINDOW_STARTED_AT.lt(now.minusDays(2)))
                  .execute());
          return deleted;
        });
  }
}
