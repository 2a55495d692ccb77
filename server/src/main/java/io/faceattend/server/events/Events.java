package io.faceattend.server.events;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.db.jooq.tables.records.OutboxEventsRecord;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.InsertResultStep;
import org.jooq.InsertSetMoreStep;
import org.jooq.JSONB;

/**
 * The transactional outbox: domain code records what happened with the DSLContext of the change's
 * own transaction, so an event commits with its change or not at all. {@code EventDispatcher} sends
 * committed events on (webhooks, notifications) later, on whichever node claims them.
 */
public record Events(Clock clock) {

  /** Records nothing; for tools and tests that build domain classes without the event pipeline. */
  public static final Events NONE = new Events(null);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Adds an event to the outbox inside {@code tx}.
   *
   * @param type one of {@link EventTypes}
   * @param subjectUserId the person it is about (whom notifications concern), or null
   * @param data the event's "data" object: plain values, lists and maps
   */
  public void record(DSLContext tx, String type, Long subjectUserId, Map<String, ?> data) {
    if (clock == null) {
      return;
    }
    if (!EventTypes.ALL.contains(type)) {
      throw new IllegalArgumentException("Unknown event type " + type);
    }
    insert(tx, type, subjectUserId, data).execute();
  }

  /**
   * The outbox row of an event as a statement not yet run, for a write that sends it together with
   * the change it announces (one statement, e.g. as a CTE: the same transaction, one round trip);
   * empty when this instance records nothing.
   */
  public Optional<InsertResultStep<OutboxEventsRecord>> statement(
      DSLContext tx, String type, Long subjectUserId, Map<String, ?> data) {
    if (clock == null) {
      return Optional.empty();
    }
    if (!EventTypes.ALL.contains(type)) {
      throw new IllegalArgumentException("Unknown event type " + type);
    }
    return Optional.of(insert(tx, type, subjectUserId, data).returning(OUTBOX_EVENTS.ID));
  }

  private InsertSetMoreStep<OutboxEventsRecord> insert(
      DSLContext tx, String type, Long subjectUserId, Map<String, ?> data) {
    return tx.insertInto(OUTBOX_EVENTS)
        .set(OUTBOX_EVENTS.EVENT_ID, UUID.randomUUID())
        .set(OUTBOX_EVENTS.EVENT_TYPE, type)
        .set(OUTBOX_EVENTS.DATA, JSONB.valueOf(toJson(data)))
        .set(OUTBOX_EVENTS.SUBJECT_USER_ID, subjectUserId)
        .set(OUTBOX_EVENTS.CREATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  /**
   * A copy of {@code data} with one more entry (first), e.g. the person's id added to audit
   * details.
   */
  public static Map<String, Object> with(Map<String, ?> data, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>();
    copy.put(key, value);
    copy.putAll(data);
    return copy;
  }

  static String toJson(Map<String, ?> data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event data must be plain values", e);
    }
  }
}
