package io.faceattend.server.events;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed events on, on every node at once without doing anything twice: each round it
 * claims new outbox rows with {@code FOR UPDATE SKIP LOCKED} and hands each to the subscribers
 * inside that transaction (which queue webhook deliveries and notifications), then lets each sender
 * send what is due. Runs on its own thread, so a slow receiver never slows the request that
 * recorded the event.
 */
public final class EventDispatcher implements AutoCloseable {

  /**
   * Turns an event into queued work, inside the claiming transaction (so it happens once per
   * event).
   */
  public interface Subscriber {
    void onEvent(DSLContext tx, OutboxEvent event);
  }

  /** Sends queued work that is due; returns how many items it handled. */
  public interface Sender {
    int sendDue();
  }

  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DSLContext db;
  private final DispatchSettings settings;
  private final List<Subscriber> subscribers;
  private final List<Sender> senders;
  private ScheduledExecutorService loop;

  public EventDispatcher(
      DSLContext db,
      DispatchSettings settings,
      List<Subscriber> subscribers,
      List<Sender> senders) {
    this.db = db;
    this.settings = settings;
    this.subscribers = List.copyOf(subscribers);
    this.senders = List.copyOf(senders);
  }

  /** Starts polling on a daemon thread. */
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    loop =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "faceattend-event-dispatcher");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, settings.pollInterval().toMillis());
    loop.scheduleWithFixedDelay(this::runOnceSafely, 0, every, TimeUnit.MILLISECONDS);
  }

  private void runOnceSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // the database may be restarting; the next round tries again
      log.warn("Event dispatch round failed: {}", e.toString());
    }
  }

  /** One round: fan out new events until none are left, then one pass of every sender. */
  public void runOnce() {
    while (fanOut() == settings.batchSize()) {
      // a full batch: there may be more
    }
    for (Sender sender : senders) {
      sender.sendDue();
    }
  }

  /** Claims a batch of new events and hands them to the subscribers; returns how many. */
  public int fanOut() {
    return db.transactionResult(
        config -> {
          DSLContext tx = DSL.using(config);
          var rows =
              tx.selectFrom(OUTBOX_EVENTS)
                  .where(OUTBOX_EVENTS.FANNED_OUT_AT.isNull())
                  .orderBy(OUTBOX_EVENTS.ID)
                  .limit(settings.batchSize())
                  .forUpdate()
                  .skipLocked()
                  .fetch();
          for (var row : rows) {
            OutboxEvent event;
            try {
              event =
                  new OutboxEvent(
                      row.getId(),
                      row.getEventId(),
                      row.getEventType(),
                      JSON.readTree(row.getData().data()),
                      row.getSubjectUserId(),
                      row.getCreatedAt().toInstant());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            for (Subscriber subscriber : subscribers) {
              subscriber.onEvent(tx, event);
            }
          }
          if (!rows.isEmpty()) {
            tx.update(OUTBOX_EVENTS)
                .set(OUTBOX_EVENTS.FANNED_OUT_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .where(OUTBOX_EVENTS.ID.in(rows.map(r -> r.getId())))
                .execute();
          }
          return rows.size();
        });
  }

  /**
   * Stops polling; a round in progress finishes (what it claimed but did not send is retried after
   * its lease).
   */
  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.shutdownNow();
      try {
        loop.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop = null;
    }
  }
}
