package io.faceattend.server.webhooks;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERIES;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERY_ATTEMPTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.faceattend.db.jooq.Tables;
import io.faceattend.db.types.DeliveryStatus;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.events.DispatchSettings;
import io.faceattend.server.events.EventDispatcher;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import io.faceattend.server.security.TemplateCipher;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox and webhook deliveries on the test PostgreSQL, against a real HTTP receiver on
 * 127.0.0.1.
 */
class WebhookDeliveriesTest {

  private static final String SECRET = "whsec-0123456789abcdef";

  private DSLContext db;
  private HttpServer receiver;
  private final List<String> eventIds = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(200);
  private final Events events = new Events(Clock.systemUTC());
  private Webhooks webhooks;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.reset();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          eventIds.add(exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID_HEADER));
          exchange.sendResponseHeaders(answer.get(), -1);
          exchange.close();
        });
    receiver.start();
    webhooks =
        new Webhooks(
            new Store(db, new AuditLog(events), Clock.systemUTC()),
            new TemplateCipher(new byte[32]));
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private EventDispatcher node(Duration retryFor) {
    DispatchSettings settings =
        new DispatchSettings(
            Duration.ofMillis(50),
            50,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), retryFor));
    WebhookDeliveries deliveries = new WebhookDeliveries(db, webhooks, settings, Clock.systemUTC());
    return new EventDispatcher(db, settings, List.of(deliveries), List.of(deliveries));
  }

  @Test
  void aRolledBackChangeLeavesNoEvent() {
    webhooks.create(AuditLog.Actor.cli(), url(), SECRET, List.of(EventTypes.CHECK_IN));
    assertThatThrownBy(
            () ->
                db.transaction(
                    config -> {
                      events.record(
                          DSL.using(config), EventTypes.CHECK_IN, null, Map.of("user_id", 1));
                      throw new IllegalStateException("the change failed");
                    }))
        .isInstanceOf(IllegalStateException.class);
    node(Duration.ofHours(1)).runOnce();
    assertThat(db.fetchCount(OUTBOX_EVENTS)).isZero();
    assertThat(eventIds).isEmpty();
  }

  @Test
  void twoNodesDispatchingAtOnceSendEachEventOnce() throws Exception {
    webhooks.create(AuditLog.Actor.cli(), url(), SECRET, List.of(EventTypes.CHECK_IN));
    // an unsubscribed type is not sent
    db.transaction(
        config -> events.record(DSL.using(config), EventTypes.CHECK_OUT, null, Map.of()));
    for (int i = 0; i < 40; i++) {
      db.transaction(
          config -> events.record(DSL.using(config), EventTypes.CHECK_IN, null, Map.of("n", 1)));
    }
    EventDispatcher one = node(Duration.ofHours(1));
    EventDispatcher two = node(Duration.ofHours(1));
    CompletableFuture<Void> a =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 5; i++) {
                one.runOnce();
              }
            });
    CompletableFuture<Void> b =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 5; i++) {
                two.runOnce();
              }
            });
    a.get();
    b.get();
    assertThat(eventIds).hasSize(40).doesNotHaveDuplicates();
    assertThat(
            db.fetchCount(
                WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.STATUS.eq(DeliveryStatus.DELIVERED)))
        .isEqualTo(40);
    assertThat(db.fetchCount(WEBHOOK_DELIVERY_ATTEMPTS)).isEqualTo(40);
  }

  @Test
  void aReceiverFailingPastTheRetryPeriodDeadLettersTheDeliveryWithEveryAttemptLogged()
      throws Exception {
    answer.set(500);
    var webhook = webhooks.create(AuditLog.Actor.cli(), url(), SECRET, List.of(EventTypes.REFUSED));
    db.transaction(
        config ->
            events.record(DSL.using(config), EventTypes.REFUSED, null, Map.of("reason", "x")));
    EventDispatcher node = node(Duration.ofMillis(1500));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (db.fetchCount(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.STATUS.eq(DeliveryStatus.DEAD))
        == 0) {
      assertThat(System.nanoTime()).as("dead-lettered in time").isLessThan(deadline);
      node.runOnce();
      Thread.sleep(20);
    }
    var log = webhooks.deliveries(webhook.getId(), "dead", 1, 10).getDeliveries(0);
    assertThat(log.getAttempts()).isGreaterThanOrEqualTo(2).isEqualTo(log.getAttemptLogCount());
    assertThat(log.getAttemptLogList())
        .allSatisfy(
            attempt -> {
              assertThat(attempt.getStatusCode()).isEqualTo(500);
              assertThat(attempt.getSucceeded()).isFalse();
              assertThat(attempt.getError()).isEqualTo("HTTP 500");
            });
    int attempts = eventIds.size();
    node.runOnce();
    assertThat(eventIds).hasSize(attempts);
  }

  @Test
  void aSecretIsSealedAtRestAndBadInputChangesNothing() {
    var created =
        webhooks.create(AuditLog.Actor.cli(), url(), SECRET, List.of(EventTypes.CHECK_IN));
    byte[] sealed =
        db.select(Tables.WEBHOOKS.SECRET_CIPHERTEXT).from(Tables.WEBHOOKS).fetchSingle().value1();
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    assertThatThrownBy(
            () ->
                webhooks.create(
                    AuditLog.Actor.cli(),
                    "ftp://example.test/x",
                    SECRET,
                    List.of(EventTypes.CHECK_IN)))
        .hasMessageContaining("http");
    assertThatThrownBy(() -> webhooks.create(AuditLog.Actor.cli(), url(), SECRET, List.of()))
        .hasMessageContaining("events");
    assertThatThrownBy(() -> webhooks.deliveries(created.getId() + 1, "", 1, 10))
        .hasMessageContaining("does not exist");
    assertThat(webhooks.list()).hasSize(1);
  }
}
