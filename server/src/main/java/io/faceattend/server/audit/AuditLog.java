package io.faceattend.server.audit;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;

import java.util.Map;
import java.util.StringJoiner;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Writes the audit trail: who did what to which object, when and from where. Called inside the transaction of
 * the change it records, so an action and its audit row commit or roll back together.
 */
public final class AuditLog {

  /** Who acted. */
  public record Actor(Long userId, String kind, String clientIp) {
    public static Actor user(long userId, String clientIp) {
      return new Actor(userId, "user", clientIp);
    }

    public static Actor cli() {
      return new Actor(null, "cli", null);
    }

    public static Actor system() {
      return new Actor(null, "system", null);
    }
  }

  public void record(DSLContext tx, Actor actor, String action, String targetType, Object targetId,
      Map<String, ?> details) {
    tx.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.ACTOR_USER_ID, actor.userId())
        .set(AUDIT_LOG.ACTOR_KIND, actor.kind())
        .set(AUDIT_LOG.ACTION, action)
        .set(AUDIT_LOG.TARGET_TYPE, targetType)
        .set(AUDIT_LOG.TARGET_ID, targetId == null ? null : targetId.toString())
        .set(AUDIT_LOG.DETAILS, JSONB.valueOf(toJson(details)))
        .set(AUDIT_LOG.CLIENT_IP, actor.clientIp())
        .execute();
  }

  /** Flat string/number/boolean maps are all the audit details need; no JSON library for that. */
  static String toJson(Map<String, ?> details) {
    StringJoiner json = new StringJoiner(",", "{", "}");
    details.forEach((key, value) -> json.add(quote(key) + ":" + jsonValue(value)));
    return json.toString();
  }

  private static String jsonValue(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return quote(value.toString());
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
