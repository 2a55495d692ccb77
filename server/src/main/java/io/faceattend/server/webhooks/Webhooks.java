package io.faceattend.server.webhooks;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.WEBHOOKS;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERIES;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERY_ATTEMPTS;

import io.faceattend.db.jooq.tables.records.WebhooksRecord;
import io.faceattend.db.types.DeliveryStatus;
import io.faceattend.proto.v1.ListWebhookDeliveriesResponse;
import io.faceattend.proto.v1.UpdateWebhookRequest;
import io.faceattend.proto.v1.Webhook;
import io.faceattend.proto.v1.WebhookDelivery;
import io.faceattend.proto.v1.WebhookDeliveryAttempt;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.error.Fields;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.security.TemplateCipher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Webhook subscriptions and their delivery log, for admins. Secrets are sealed with AES-256-GCM
 * (bound to the webhook's id) because the dispatcher needs them back to sign; no response ever
 * carries one.
 */
public record Webhooks(Store store, TemplateCipher cipher) {

  private static final int MIN_SECRET_LENGTH = 16;

  /** The associated data that binds a sealed secret to its webhook row. */
  static String secretOwner(long webhookId) {
    return "webhook:" + webhookId;
  }

  byte[] secretOf(WebhooksRecord webhook) {
    return cipher.decrypt(webhook.getSecretCiphertext(), secretOwner(webhook.getId()));
  }

  public Webhook create(AuditLog.Actor admin, String url, String secret, List<String> events) {
    String checkedUrl = url(url);
    String checkedSecret = secret(secret);
    String[] checkedEvents = events(events);
    return store.transactionResult(
        tx -> {
          OffsetDateTime now = store.now();
          long id =
              tx.insertInto(WEBHOOKS)
                  .set(WEBHOOKS.URL, checkedUrl)
                  .set(WEBHOOKS.SECRET_CIPHERTEXT, new byte[0])
                  .set(WEBHOOKS.EVENTS, checkedEvents)
                  .set(WEBHOOKS.CREATED_BY, admin.userId())
                  .set(WEBHOOKS.CREATED_AT, now)
                  .set(WEBHOOKS.UPDATED_AT, now)
                  .returning(WEBHOOKS.ID)
                  .fetchSingle()
                  .getId();
          seal(tx, id, checkedSecret);
          store.audit(
              tx,
              admin,
              "webhook.create",
              "webhook",
              id,
              Map.of("url", checkedUrl, "events", List.of(checkedEvents)));
          return toProto(find(tx, id));
        });
  }

  public List<Webhook> list() {
    return store.db().selectFrom(WEBHOOKS).orderBy(WEBHOOKS.ID).fetch(Webhooks::toProto);
  }

  public Webhook update(AuditLog.Actor admin, UpdateWebhookRequest request) {
    String url = request.hasUrl() ? url(request.getUrl()) : null;
    String secret = request.hasSecret() ? secret(request.getSecret()) : null;
    String[] events = request.getEventsCount() > 0 ? events(request.getEventsList()) : null;
    return store.transactionResult(
        tx -> {
          long id = request.getWebhookId();
          find(tx, id);
          var update = tx.update(WEBHOOKS).set(WEBHOOKS.UPDATED_AT, store.now());
          Map<String, Object> details = new LinkedHashMap<>();
          if (url != null) {
            update = update.set(WEBHOOKS.URL, url);
            details.put("url", url);
          }
          if (events != null) {
            update = update.set(WEBHOOKS.EVENTS, events);
            details.put("events", List.of(events));
          }
          if (request.hasActive()) {
            update = update.set(WEBHOOKS.ACTIVE, request.getActive());
            details.put("active", request.getActive());
          }
          update.where(WEBHOOKS.ID.eq(id)).execute();
          if (secret != null) {
            seal(tx, id, secret);
            details.put("secret", "changed");
          }
          store.audit(tx, admin, "webhook.update", "webhook", id, details);
          return toProto(find(tx, id));
        });
  }

  public void delete(AuditLog.Actor admin, long id) {
    store.transaction(
        tx -> {
          WebhooksRecord webhook = find(tx, id);
          tx.deleteFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(id)).execute();
          store.audit(tx, admin, "webhook.delete", "webhook", id, Map.of("url", webhook.getUrl()));
        });
  }

  public ListWebhookDeliveriesResponse deliveries(
      long webhookId, String status, int page, int limit) {
    Fields.Page paging = Fields.Page.of(page, limit, "limit", 20, 100);
    DeliveryStatus wanted = Fields.statusFilter(DeliveryStatus.class, status);
    find(store.db(), webhookId);
    int number = paging.number();
    int size = paging.size();
    Condition where = WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(webhookId);
    if (wanted != null) {
      where = where.and(WEBHOOK_DELIVERIES.STATUS.eq(wanted));
    }
    long total = store.db().fetchCount(WEBHOOK_DELIVERIES, where);
    List<Long> ids =
        store
            .db()
            .select(WEBHOOK_DELIVERIES.ID)
            .from(WEBHOOK_DELIVERIES)
            .where(where)
            .orderBy(WEBHOOK_DELIVERIES.ID.desc())
            .limit(size)
            .offset(paging.offset())
            .fetch(WEBHOOK_DELIVERIES.ID);
    List<WebhookDelivery> items = new ArrayList<>();
    for (long id : ids) {
      items.add(delivery(store.db(), id));
    }
    return ListWebhookDeliveriesResponse.newBuilder()
        .setPage(number)
        .setLimit(size)
        .setTotal(total)
        .addAllDeliveries(items)
        .build();
  }

  /** Makes a delivery due now again, whatever its state; audited. */
  public WebhookDelivery redeliver(AuditLog.Actor admin, long webhookId, long deliveryId) {
    return store.transactionResult(
        tx -> {
          int changed =
              tx.update(WEBHOOK_DELIVERIES)
                  .set(WEBHOOK_DELIVERIES.STATUS, DeliveryStatus.PENDING)
                  .set(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT, OffsetDateTime.now(ZoneOffset.UTC))
                  .set(WEBHOOK_DELIVERIES.DELIVERED_AT, (OffsetDateTime) null)
                  // a redelivery gets a fresh retry period
                  .set(WEBHOOK_DELIVERIES.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                  .where(WEBHOOK_DELIVERIES.ID.eq(deliveryId))
                  .and(WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(webhookId))
                  .execute();
          if (changed == 0) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "Webhook " + webhookId + " has no delivery " + deliveryId);
          }
          store.audit(
              tx,
              admin,
              "webhook.redeliver",
              "webhook",
              webhookId,
              Map.of("delivery_id", deliveryId));
          return delivery(tx, deliveryId);
        });
  }

  private static WebhookDelivery delivery(DSLContext db, long id) {
    var row =
        db.select(WEBHOOK_DELIVERIES.asterisk(), OUTBOX_EVENTS.EVENT_ID, OUTBOX_EVENTS.EVENT_TYPE)
            .from(WEBHOOK_DELIVERIES)
            .join(OUTBOX_EVENTS)
            .on(OUTBOX_EVENTS.ID.eq(WEBHOOK_DELIVERIES.OUTBOX_EVENT_ID))
            .where(WEBHOOK_DELIVERIES.ID.eq(id))
            .fetchSingle();
    WebhookDelivery.Builder item =
        WebhookDelivery.newBuilder()
            .setId(id)
            .setEventId(row.get(OUTBOX_EVENTS.EVENT_ID).toString())
            .setEvent(row.get(OUTBOX_EVENTS.EVENT_TYPE))
            .setStatus(row.get(WEBHOOK_DELIVERIES.STATUS).getLiteral())
            .setAttempts(row.get(WEBHOOK_DELIVERIES.ATTEMPTS))
            .setCreatedAt(row.get(WEBHOOK_DELIVERIES.CREATED_AT).toInstant().toString());
    if (row.get(WEBHOOK_DELIVERIES.STATUS) == DeliveryStatus.PENDING) {
      item.setNextAttemptAt(row.get(WEBHOOK_DELIVERIES.NEXT_ATTEMPT_AT).toInstant().toString());
    }
    if (row.get(WEBHOOK_DELIVERIES.DELIVERED_AT) != null) {
      item.setDeliveredAt(row.get(WEBHOOK_DELIVERIES.DELIVERED_AT).toInstant().toString());
    }
    db.selectFrom(WEBHOOK_DELIVERY_ATTEMPTS)
        .where(WEBHOOK_DELIVERY_ATTEMPTS.DELIVERY_ID.eq(id))
        .orderBy(WEBHOOK_DELIVERY_ATTEMPTS.ID)
        .forEach(
            attempt -> {
              WebhookDeliveryAttempt.Builder a =
                  WebhookDeliveryAttempt.newBuilder()
                      .setAttemptedAt(attempt.getAttemptedAt().toInstant().toString())
                      .setLatencyMs(attempt.getLatencyMs())
                      .setSucceeded(attempt.getSucceeded());
              if (attempt.getStatusCode() != null) {
                a.setStatusCode(attempt.getStatusCode());
              }
              if (attempt.getError() != null) {
                a.setError(attempt.getError());
              }
              item.addAttemptLog(a);
            });
    return item.build();
  }

  private void seal(DSLContext tx, long id, String secret) {
    tx.update(WEBHOOKS)
        .set(
            WEBHOOKS.SECRET_CIPHERTEXT,
            cipher.encrypt(secret.getBytes(StandardCharsets.UTF_8), secretOwner(id)))
        .where(WEBHOOKS.ID.eq(id))
        .execute();
  }

  private static WebhooksRecord find(DSLContext db, long id) {
    WebhooksRecord found = db.selectFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(id)).fetchOne();
    if (found == null) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Webhook " + id + " does not exist");
    }
    return found;
  }

  private static Webhook toProto(WebhooksRecord row) {
    return Webhook.newBuilder()
        .setId(row.getId())
        .setUrl(row.getUrl())
        .addAllEvents(List.of(row.getEvents()))
        .setActive(row.getActive())
        .setCreatedAt(row.getCreatedAt().toInstant().toString())
        .setUpdatedAt(row.getUpdatedAt().toInstant().toString())
        .build();
  }

  private static String url(String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField("url");
    }
    try {
      URI uri = URI.create(value.trim());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw ApiException.invalid("url must be an absolute http or https URL");
      }
      return uri.toString();
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("url must be an absolute http or https URL");
    }
  }

  private static String secret(String value) {
    if (value == null || value.isEmpty()) {
      throw ApiException.missingField("secret");
    }
    if (value.length() < MIN_SECRET_LENGTH) {
      throw ApiException.invalid("secret must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    return value;
  }

  private static String[] events(List<String> values) {
    if (values == null || values.isEmpty()) {
      throw ApiException.missingField("events");
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String value : values) {
      String event = value == null ? "" : value.trim();
      if (!EventTypes.ALL.contains(event)) {
        throw ApiException.invalid(
            "unknown event '" + event + "'; known: " + new TreeSet<>(EventTypes.ALL));
      }
      checked.add(event);
    }
    return checked.toArray(String[]::new);
  }
}
