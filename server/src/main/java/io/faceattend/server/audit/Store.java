package io.faceattend.server.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What a domain class reads and writes with: the database, the audit log its changes are recorded
 * in (and, through {@link AuditLog#events()}, the event outbox), and the clock, in the platform's
 * time zone ({@link #zone()}). These travel together to nearly every domain class, so they are
 * passed as one.
 */
public record Store(DSLContext db, AuditLog audit, Clock clock) {

  /** A store whose audited changes record no events (tools, tests); the zone is the clock's. */
  public static Store of(DSLContext db, Clock clock) {
    return new Store(db, new AuditLog(), clock);
  }

  /** The current time as the {@code timestamptz} columns hold it (UTC). */
  public OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /**
   * The platform's time zone (FACEATTEND_TIME_ZONE), the clock's: business days, local times, and
   * the dates a filter names.
   */
  public ZoneId zone() {
    return clock.getZone();
  }

  /** Runs the work in one transaction and returns its result; an exception rolls it all back. */
  public <T> T transactionResult(Function<DSLContext, T> work) {
    return db.transactionResult(config -> work.apply(DSL.using(config)));
  }

  /** Runs the work in one transaction; an exception rolls it all back. */
  public void transaction(Consumer<DSLContext> work) {
    db.transaction(config -> work.accept(DSL.using(config)));
  }

  /** Records an audit row inside the change's transaction {@code tx}; see {@link AuditLog}. */
  public void audit(
      DSLContext tx,
      AuditLog.Actor actor,
      String action,
      String targetType,
      Object targetId,
      Map<String, ?> details) {
    audit.record(tx, actor, action, targetType, targetId, details);
  }
}
