package io.faceattend.server.webhooks;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.WEBHOOKS;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERIES;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERY_ATTEMPTS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceattend.db.jooq.tables.records.WebhooksRecord;
import io.faceattend.db.types.DeliveryStatus;
import io.faceattend.server.events.DispatchSettings;
import io.faceattend.server.events.EventDispatcher;
import io.faceattend.server.events.OutboxEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Webhook deliveries: one per event and subscribed webhook, queued when the event is fanned out,
 * then POSTed (signed, see {@link WebhookSignature}) until the receiver answers 2xx, with {@link
 * Backoff} between attempts, and dead-lettered when the retry period is over. Every attempt is
 * logged. Several nodes share the work: a due delivery is claimed with {@code SKIP LOCKED} and
 * leased while it is being sent.
 */
public record WebhookDeliveries(
    DSLContext db, Webhooks webhooks, DispatchSettings settings, Clock clock, HttpClient http)
    implements EventDispatcher.Subscriber, EventDispatcher.Sender {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_LENGTH = 500;

  /** With its own HTTP client: the settings' connect timeout, redirects never followed. */
  public WebhookDeliveries(
      DSLContext db, Webhooks webhooks, DispatchSettings settings, Clock clock) {
    this(
        db,
        webhooks,
        settings,
        clock,
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  @Override
  public void onEvent(DSLContext tx, OutboxEvent event) {
    OffsetDateTime now = now();
    tx.insertInto(
            WEBHOOK_DELIVERIES,
            WEBHOOK_DELIVERIES.WEBHOOK_ID,
            WEBHOOK_DELIVERIES.OUTBOX_EVENT_ID,
            WEBHOOK_DELIVERIES.CREATED_AT,
            WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT)
        .select(
            DSL.select(WEBHOOKS.ID, DSL.val(event.id()), DSL.val(now), DSL.val(now))
                .from(WEBHOOKS)
                .where(WEBHOOKS.ACTIVE.isTrue())
                .and(DSL.condition("{0} = any({1})", DSL.val(event.type()), WEBHOOKS.EVENTS)))
        .onConflictDoNothing()
        .execute();
  }

  /** A delivery claimed by this node. */
  private record Claimed(
      long id,
      WebhooksRecord webhook,
      byte[] body,
      String eventId,
      int attempts,
      OffsetDateTime createdAt) {}

  @Override
  public int sendDue() {
    List<Claimed> claimed = claim();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (Claimed delivery : claimed) {
      sends.add(send(delivery));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    return claimed.size();
  }

  private List<Claimed> claim() {
    return db.transactionResult(
        config -> {
          DSLContext tx = DSL.using(config);
          OffsetDateTime now = now();
          var rows =
              tx.select(
                      WEBHOOK_DELIVERIES.ID,
                      WEBHOOK_DELIVERIES.ATTEMPTS,
                      WEBHOOK_DELIVERIES.CREATED_AT,
                      OUTBOX_EVENTS.EVENT_ID,
                      OUTBOX_EVENTS.EVENT_TYPE,
                      OUTBOX_EVENTS.CREATED_AT,
                      OUTBOX_EVENTS.DATA,
                      WEBHOOKS.asterisk())
                  .from(WEBHOOK_DELIVERIES)
                  .join(OUTBOX_EVENTS)
                  .on(OUTBOX_EVENTS.ID.eq(WEBHOOK_DELIVERIES.OUTBOX_EVENT_ID))
                  .join(WEBHOOKS)
                  .on(WEBHOOKS.ID.eq(WEBHOOK_DELIVERIES.WEBHOOK_ID))
                  .where(WEBHOOK_DELIVERIES.STATUS.eq(DeliveryStatus.PENDING))
                  .and(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT.le(now))
                  .and(WEBHOOKS.ACTIVE.isTrue())
                  .orderBy(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT)
                  .limit(settings.batchSize())
                  .forUpdate()
                  .of(WEBHOOK_DELIVERIES)
                  .skipLocked()
                  .fetch();
          List<Claimed> claimed = new ArrayList<>();
          for (var row : rows) {
            long id = row.get(WEBHOOK_DELIVERIES.ID);
            // leased: no other node sends it meanwhile; if this one dies, it is due again when the
            // lease ends
            tx.update(WEBHOOK_DELIVERIES)
                .set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, now.plus(settings.lease()))
                .where(WEBHOOK_DELIVERIES.ID.eq(id))
                .execute();
            claimed.add(
                new Claimed(
                    id,
                    row.into(WEBHOOKS),
                    body(
                        row.get(OUTBOX_EVENTS.EVENT_ID).toString(),
                        row.get(OUTBOX_EVENTS.EVENT_TYPE),
                        row.get(OUTBOX_EVENTS.CREATED_AT),
                        row.get(OUTBOX_EVENTS.DATA).data()),
                    row.get(OUTBOX_EVENTS.EVENT_ID).toString(),
                    row.get(WEBHOOK_DELIVERIES.ATTEMPTS),
                    row.get(WEBHOOK_DELIVERIES.CREATED_AT)));
          }
          return claimed;
        });
  }

  /** The body every attempt of a delivery sends: {"id", "event", "created_at", "data"}. */
  static byte[] body(String eventId, String type, OffsetDateTime createdAt, String data) {
    try {
      ObjectNode body = JSON.createObjectNode();
      body.put("id", eventId);
      body.put("event", type);
      body.put("created_at", createdAt.toInstant().toString());
      body.set("data", JSON.readTree(data));
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("Stored event data is not JSON", e);
    }
  }

  private CompletableFuture<Void> send(Claimed delivery) {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    long timestamp = started.getEpochSecond();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(delivery.webhook().getUrl()))
              .timeout(settings.requestTimeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "FaceAttend-Webhooks/1")
              .header(WebhookSignature.EVENT_ID_HEADER, delivery.eventId())
              .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(
                  WebhookSignature.SIGNATURE_HEADER,
                  WebhookSignature.sign(
                      webhooks.secretOf(delivery.webhook()), timestamp, delivery.body()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
              .build();
    } catch (RuntimeException e) {
      record(delivery, started, 0, null, "could not build the request: " + e.getMessage());
      return CompletableFuture.completedFuture(null);
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) -> {
              int latency = (int) ((System.nanoTime() - startNanos) / 1_000_000);
              if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                record(
                    delivery,
                    started,
                    latency,
                    null,
                    cause instanceof HttpTimeoutException
                        ? "timed out after " + settings.requestTimeout().toMillis() + " ms"
                        : cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
              } else {
                int status = response.statusCode();
                record(
                    delivery,
                    started,
                    latency,
                    status,
                    status / 100 == 2 ? null : "HTTP " + status);
              }
              return null;
            });
  }

  /** Logs the attempt and moves the delivery on: delivered, due again after a backoff, or dead. */
  private void record(
      Claimed delivery, Instant attemptedAt, int latencyMs, Integer status, String error) {
    boolean succeeded = error == null;
    db.transaction(
        config -> {
          DSLContext tx = DSL.using(config);
          tx.insertInto(WEBHOOK_DELIVERY_ATTEMPTS)
              .set(WEBHOOK_DELIVERY_ATTEMPTS.DELIVERY_ID, delivery.id())
              .set(
                  WEBHOOK_DELIVERY_ATTEMPTS.ATTEMPTED_AT,
                  OffsetDateTime.ofInstant(attemptedAt, ZoneOffset.UTC))
              .set(WEBHOOK_DELIVERY_ATTEMPTS.STATUS_CODE, status)
              .set(WEBHOOK_DELIVERY_ATTEMPTS.LATENCY_MS, latencyMs)
              .set(WEBHOOK_DELIVERY_ATTEMPTS.SUCCEEDED, succeeded)
              .set(WEBHOOK_DELIVERY_ATTEMPTS.ERROR, truncate(error))
              .execute();
          int attempts = delivery.attempts() + 1;
          OffsetDateTime now = now();
          var update =
              tx.update(WEBHOOK_DELIVERIES)
                  .set(WEBHOOK_DELIVERIES.ATTEMPTS, attempts)
                  .set(WEBHOOK_DELIVERIES.LAST_ERROR, truncate(error));
          if (succeeded) {
            update
                .set(WEBHOOK_DELIVERIES.STATUS, DeliveryStatus.DELIVERED)
                .set(WEBHOOK_DELIVERIES.DELIVERED_AT, now)
                .where(WEBHOOK_DELIVERIES.ID.eq(delivery.id()))
                .execute();
          } else if (settings.backoff().exhausted(Duration.between(delivery.createdAt(), now))) {
            update
                .set(WEBHOOK_DELIVERIES.STATUS, DeliveryStatus.DEAD)
                .where(WEBHOOK_DELIVERIES.ID.eq(delivery.id()))
                .execute();
          } else {
            update
                .set(
                    WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT,
                    now.plus(settings.backoff().delayAfter(attempts)))
                .where(WEBHOOK_DELIVERIES.ID.eq(delivery.id()))
                .execute();
          }
        });
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
