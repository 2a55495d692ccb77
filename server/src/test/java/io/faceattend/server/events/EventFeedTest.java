package io.faceattend.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.people.Departments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live feed on a real PostgreSQL: late commits, rollbacks, filters and managers' scope. */
class EventFeedTest {

  private DSLContext db;
  private Events events;
  private EventFeed feed;
  private Caller admin;
  private final List<EventFeed.LiveEvent> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    db.execute("truncate table outbox_events restart identity cascade");
    events = new Events(new MutableClock(Instant.parse("2026-03-02T08:00:00Z")));
    // polled by hand: the test decides when the feed looks
    feed = new EventFeed(Store.of(db, Clock.systemUTC()), Duration.ofHours(1));
    admin = new Caller(user("root", "admin"), Role.ROLE_ADMIN, null);
  }

  @AfterEach
  void tearDown() {
    feed.close();
  }

  private long user(String username, String role) {
    return TestUsers.insert(db, username, role);
  }

  private void record(String type, Long subject, String marker) {
    events.record(db, type, subject, Map.of("marker", marker));
  }

  private List<String> markers() {
    return seen.stream()
        .map(e -> e.dataJson().replaceAll(".*\"marker\": ?\"([^\"]+)\".*", "$1"))
        .toList();
  }

  @Test
  void startsAtNowAndFiltersTypes() {
    record(EventTypes.CHECK_IN, null, "before");
    feed.subscribe(admin, Set.of(EventTypes.CHECK_OUT), seen::add);
    record(EventTypes.CHECK_IN, null, "in");
    record(EventTypes.CHECK_OUT, null, "out");
    feed.poll();
    assertThat(markers()).containsExactly("out");
  }

  @Test
  void anEventCommittedLateBelowTheCursorStillArrivesAndARollbackIsForgotten() throws Exception {
    feed.subscribe(admin, Set.of(), seen::add);
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    // a transaction takes the next id, then waits before committing
    CompletableFuture<Void> slow =
        CompletableFuture.runAsync(
            () ->
                db.transaction(
                    config -> {
                      events.record(
                          DSL.using(config), EventTypes.CHECK_IN, null, Map.of("marker", "late"));
                      inserted.countDown();
                      commit.await(10, TimeUnit.SECONDS);
                    }));
    assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
    // a rolled-back insert leaves a hole that never fills
    try {
      db.transaction(
          config -> {
            events.record(DSL.using(config), EventTypes.CHECK_IN, null, Map.of("marker", "never"));
            throw new IllegalStateException("roll back");
          });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    record(EventTypes.CHECK_IN, null, "quick");
    feed.poll();
    assertThat(markers()).containsExactly("quick");

    commit.countDown();
    slow.get(10, TimeUnit.SECONDS);
    feed.poll();
    feed.poll();
    assertThat(markers()).containsExactly("quick", "late");
  }

  @Test
  void aManagerSeesOnlyTheirGroupsPeople() {
    long bossId = user("boss", "manager");
    long mine = user("ana", "employee");
    long other = user("ben", "employee");
    Departments departments =
        new Departments(Store.of(db, new MutableClock(Instant.parse("2026-03-02T08:00:00Z"))));
    long dept = departments.create(admin, "Sales", "department", "").getId();
    departments.setManagers(admin, dept, List.of(bossId));
    departments.addMembers(admin, dept, List.of(mine));
    feed.subscribe(new Caller(bossId, Role.ROLE_MANAGER, null), Set.of(), seen::add);

    record(EventTypes.CHECK_IN, mine, "mine");
    record(EventTypes.CHECK_IN, other, "other");
    record(EventTypes.CHECK_IN, null, "system");
    feed.poll();
    assertThat(markers()).containsExactly("mine");
  }
}
