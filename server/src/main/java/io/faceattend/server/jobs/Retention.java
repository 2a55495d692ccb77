package io.faceattend.server.jobs;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.LOGIN_EVENTS;
import static io.faceattend.db.jooq.Tables.NOTIFICATIONS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERIES;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Deletes what is only kept for a while (seed 001's maintenance task): events whose deliveries are
 * all finished (with their delivery log), sent notifications, refused punch attempts and login
 * events, older than the configured number of days.
 */
public final class Retention {

  private final DSLContext db;
  private final Clock clock;
  private final int days;

  public Retention(DSLContext db, Clock clock, int days) {
    this.db = db;
    this.clock = clock;
    this.days = days;
  }

  /** Deletes in one transaction; returns rows deleted per table. */
  public Map<String, Integer> run() {
    OffsetDateTime before = OffsetDateTime.now(clock).minusDays(days);
    return db.transactionResult(
        config -> {
          DSLContext tx = DSL.using(config);
          Map<String, Integer> deleted = new LinkedHashMap<>();
          deleted.put(
              "notifications",
              tx.deleteFrom(NOTIFICATIONS)
                  .where(NOTIFICATIONS.CREATED_AT.lt(before))
                  .and(NOTIFICATIONS.STATUS.ne("pending"))
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
                          .and(WEBHOOK_DELIVERIES.STATUS.eq("pending")))
                  .execute());
          deleted.put(
              "attendance_attempts",
              tx.deleteFrom(ATTENDANCE_ATTEMPTS)
                  .where(ATTENDANCE_ATTEMPTS.CREATED_AT.lt(before))
                  .execute());
          deleted.put(
              "login_events",
              tx.deleteFrom(LOGIN_EVENTS).where(LOGIN_EVENTS.CREATED_AT.lt(before)).execute());
          return deleted;
        });
  }
}
