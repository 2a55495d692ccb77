package io.faceattend.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A committed event as the dispatcher hands it to subscribers.
 *
 * @param id the outbox row's id
 * @param eventId the public id (webhook body "id", FaceAttend-Event-Id)
 * @param data the event's data object
 * @param subjectUserId the person it is about, or null
 */
public record OutboxEvent(
    long id, UUID eventId, String type, JsonNode data, Long subjectUserId, Instant createdAt) {}
