package io.faceattend.server.audit;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.server.events.Events;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Writes the audit trail: who did what to which object, when and from where. Called inside the
 * transaction of the change it records, so an action and its audit row commit or roll back
 * together.
 *
 * @param events the event outbox it hands out: every audited change may record its event in the
 *     same transaction without each domain class taking one more constructor argument
 */
public record AuditLog(Events events) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger SECURITY =
      org.slf4j.LoggerFactory.getLogger("io.faceattend.security");

  /** Who acted: a user, the command line, the system, or a machine credential (apiKeyId). */
  public record Actor(Long userId, String kind, String clientIp, Long apiKeyId) {
    public Actor(Long userId, String kind, String clientIp) {
      this(userId, kind, clientIp, null);
    }

    public static Actor user(long userId, String clientIp) {
      return new Actor(userId, "user", clientIp);
    }

    public static Actor cli() {
      return new Actor(null, "cli", null);
    }

    public static Actor system() {
      return new Actor(null, "system", null);
    }

    public static Actor apiKey(long apiKeyId, String clientIp) {
      return new Actor(null, "api_key", clientIp, apiKeyId);
    }
  }

  /** An audit log whose domain classes record no events (tools, tests). */
  public AuditLog() {
    this(Events.NONE);
  }

  /** The outbox to record events in, inside the same transaction as the audit row. */
  public Events events() {
    return events;
  }

  public void record(
      DSLContext tx,
      Actor actor,
      String action,
      String targetType,
      Object targetId,
      Map<String, ?> details) {
    // the security log names the action only: details may hold personal data and stay in the audit
    // table
    SECURITY
        .atInfo()
        .addKeyValue("event", "admin_action")
        .addKeyValue("action", action)
        .addKeyValue("actor_kind", actor.kind())
        .addKeyValue("actor_user_id", actor.userId())
        .addKeyValue("target", targetType + ":" + targetId)
        .log(
            "audit action={} actor={}{} target={}:{}",
            action,
            actor.kind(),
            actor.userId() == null ? "" : ":" + actor.userId(),
            targetType,
            targetId);
    tx.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR_USER_ID, actor.userId())
        .set(AUDIT_LOG.ACTOR_KIND, actor.kind())
        .set(AUDIT_LOG.ACTOR_API_KEY_ID, actor.apiKeyId())
        .set(AUDIT_LOG.ACTION, action)
        .set(AUDIT_LOG.TARGET_TYPE, targetType)
        .set(AUDIT_LOG.TARGET_ID, targetId == null ? null : targetId.toString())
        .set(AUDIT_LOG.DETAILS, JSONB.valueOf(toJson(details)))
        .set(AUDIT_LOG.CLIENT_IP, actor.clientIp())
        .execute();
  }

  static String toJson(Map<String, ?> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Audit details must be plain values", e);
    }
  }
}
