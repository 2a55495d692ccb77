package io.faceattend.server.events;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.people.Scope;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed outbox events, pushed to live subscribers (dashboards) on this node. Every node polls
 * the outbox itself, so a subscriber sees the events of all nodes; nothing here is durable or
 * acknowledged (webhooks are the reliable path).
 *
 * <p>Identity values are taken at insert but become visible at commit, so an event can appear below
 * ids already read. The ids skipped over are kept as gaps for {@link #GAP_PATIENCE} and asked for
 * again; a gap that never fills was a rolled-back insert.
 */
public final class EventFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

  /** How long an id skipped over may still turn up (a transaction committing late). */
  static final Duration GAP_PATIENCE = Duration.ofSeconds(30);

  private static final int BATCH = 500;
  private static final int MAX_GAPS = 10_000;

  /** One committed event as subscribers get it. */
  public record LiveEvent(
      UUID id, String type, OffsetDateTime createdAt, String dataJson, Long subjectUserId) {}

  /** The type of the first message of every watch. */
  public static final String FEED_STARTED = "feed.started";

  /** A subscriber's filter and sink; {@link #close()} ends it. */
  public final class Subscription implements AutoCloseable {
    private final Caller caller;
    private final Set<String> types;
    private final Consumer<LiveEvent> sink;

    private Subscription(Caller caller, Set<String> types, Consumer<LiveEvent> sink) {
      this.caller = caller;
      this.types = types;
      this.sink = sink;
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  private final Store store;
  private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller;

  // poller thread only
  private long cursor = -1;
  private final Map<Long, Long> gaps = new LinkedHashMap<>(); // id -> when first skipped (nanos)

  public EventFeed(Store store, Duration pollInterval) {
    this.store = store;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "faceattend-event-feed");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(50, pollInterval.toMillis());
    poller.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The first message of a watch: the feed is live, what commits from now on will follow. */
  public LiveEvent started() {
    return new LiveEvent(new UUID(0, 0), FEED_STARTED, store.now(), "{}", null);
  }

  /**
   * Events committed from now on that {@code caller} may see (admins all; managers those about
   * their groups' people), of {@code types} (empty: all), handed to {@code sink} on the feed's
   * thread: the sink must not block.
   */
  public Subscription subscribe(Caller caller, Set<String> types, Consumer<LiveEvent> sink) {
    Subscription subscription = new Subscription(caller, Set.copyOf(types), sink);
    // on the poller's thread: the first subscriber of an idle feed starts it at the newest
    // committed event, and no poll runs between that and the subscription
    CompletableFuture.runAsync(
            () -> {
              startCursorIfIdle();
              subscriptions.add(subscription);
            },
            poller)
        .join();
    return subscription;
  }

  private void startCursorIfIdle() {
    if (cursor < 0) {
      Long max =
          store.db().select(DSL.max(OUTBOX_EVENTS.ID)).from(OUTBOX_EVENTS).fetchOne().value1();
      cursor = max == null ? 0 : max;
      gaps.clear();
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn("event feed poll failed; trying again", e);
    }
  }

  void poll() {
    if (subscriptions.isEmpty()) {
      cursor = -1; // idle: the next subscriber starts from its own now
      return;
    }
    startCursorIfIdle();
    long now = System.nanoTime();
    gaps.values().removeIf(since -> now - since > GAP_PATIENCE.toNanos());
    var rows =
        store
            .db()
            .select(
                OUTBOX_EVENTS.ID,
                OUTBOX_EVENTS.EVENT_ID,
                OUTBOX_EVENTS.EVENT_TYPE,
                OUTBOX_EVENTS.CREATED_AT,
                OUTBOX_EVENTS.DATA,
                OUTBOX_EVENTS.SUBJECT_USER_ID)
            .from(OUTBOX_EVENTS)
            .where(OUTBOX_EVENTS.ID.gt(cursor))
            .or(gaps.isEmpty() ? DSL.falseCondition() : OUTBOX_EVENTS.ID.in(gaps.keySet()))
            .orderBy(OUTBOX_EVENTS.ID)
            .limit(BATCH)
            .fetch();
    List<LiveEvent> events = new ArrayList<>();
    for (var row : rows) {
      long id = row.value1();
      gaps.remove(id);
      if (id > cursor) {
        for (long skipped = cursor + 1; skipped < id && gaps.size() < MAX_GAPS; skipped++) {
          gaps.put(skipped, now);
        }
        cursor = id;
      }
      events.add(
          new LiveEvent(
              row.value2(), row.value3(), row.value4(), row.value5().data(), row.value6()));
    }
    if (!events.isEmpty()) {
      deliver(events);
    }
  }

  private void deliver(List<LiveEvent> events) {
    Set<Long> subjects = new HashSet<>();
    events.forEach(e -> subjects.add(e.subjectUserId()));
    subjects.remove(null);
    for (Subscription subscription : subscriptions) {
      Set<Long> visible = visibleSubjects(subscription.caller, subjects);
      for (Iterator<LiveEvent> it = events.iterator(); it.hasNext(); ) {
        LiveEvent event = it.next();
        boolean typeWanted =
            subscription.types.isEmpty() || subscription.types.contains(event.type());
        boolean allowed =
            subscription.caller.isAdmin()
                || (event.subjectUserId() != null && visible.contains(event.subjectUserId()));
        if (typeWanted && allowed) {
          try {
            subscription.sink.accept(event);
          } catch (RuntimeException e) {
            log.warn("an event feed subscriber failed; dropping it", e);
            subscription.close();
            break;
          }
        }
      }
    }
  }

  /** The people among {@code subjects} a non-admin caller may see events about. */
  private Set<Long> visibleSubjects(Caller caller, Set<Long> subjects) {
    if (caller.isAdmin() || subjects.isEmpty()) {
      return subjects;
    }
    return new HashSet<>(
        store
            .db()
            .select(USERS.ID)
            .from(USERS)
            .where(USERS.ID.in(subjects))
            .and(Scope.people(caller, USERS.ID))
            .fetch(USERS.ID));
  }

  /** How many subscribers this node feeds now. */
  public int subscribers() {
    return subscriptions.size();
  }

  @Override
  public void close() {
    subscriptions.clear();
    poller.shutdownNow();
  }
}
