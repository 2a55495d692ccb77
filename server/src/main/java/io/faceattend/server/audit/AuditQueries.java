package io.faceattend.server.audit;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;

import io.faceattend.proto.v1.AuditEntry;
import io.faceattend.proto.v1.ListAuditLogResponse;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.Fields;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** Reading the audit trail: filters, newest first, paginated. */
public record AuditQueries(Store store) {

  public ListAuditLogResponse list(
      long actorUserId,
      String action,
      String targetType,
      String targetId,
      String from,
      String to,
      int page,
      int pageSize) {
    Fields.Page paging = Fields.Page.of(page, pageSize, "page_size", 50, 200);
    int number = paging.number();
    int size = paging.size();
    Condition where = DSL.noCondition();
    if (actorUserId != 0) {
      where = where.and(AUDIT_LOG.ACTOR_USER_ID.eq(actorUserId));
    }
    if (action != null && !action.isBlank()) {
      String a = action.trim();
      where = where.and(a.endsWith(".") ? AUDIT_LOG.ACTION.startsWith(a) : AUDIT_LOG.ACTION.eq(a));
    }
    if (targetType != null && !targetType.isBlank()) {
      where = where.and(AUDIT_LOG.TARGET_TYPE.eq(targetType.trim()));
    }
    if (targetId != null && !targetId.isBlank()) {
      where = where.and(AUDIT_LOG.TARGET_ID.eq(targetId.trim()));
    }
    if (from != null && !from.isBlank()) {
      where = where.and(AUDIT_LOG.CREATED_AT.ge(instant("from", from, false)));
    }
    if (to != null && !to.isBlank()) {
      where = where.and(AUDIT_LOG.CREATED_AT.lt(instant("to", to, true)));
    }
    long count = store.db().fetchCount(AUDIT_LOG, where);
    ListAuditLogResponse.Builder response =
        ListAuditLogResponse.newBuilder().setCount(count).setPage(number).setPageSize(size);
    store
        .db()
        .selectFrom(AUDIT_LOG)
        .where(where)
        .orderBy(AUDIT_LOG.ID.desc())
        .limit(size)
        .offset(paging.offset())
        .forEach(
            row -> {
              AuditEntry.Builder entry =
                  AuditEntry.newBuilder()
                      .setId(row.getId())
                      .setActorKind(row.getActorKind())
                      .setAction(row.getAction())
                      .setDetails(row.getDetails() == null ? "{}" : row.getDetails().data())
                      .setCreatedAt(row.getCreatedAt().toString());
              if (row.getActorUserId() != null) {
                entry.setActorUserId(row.getActorUserId());
              }
              if (row.getTargetType() != null) {
                entry.setTargetType(row.getTargetType());
              }
              if (row.getTargetId() != null) {
                entry.setTargetId(row.getTargetId());
              }
              if (row.getClientIp() != null) {
                entry.setClientIp(row.getClientIp());
              }
              response.addResults(entry);
            });
    return response.build();
  }

  /**
   * An ISO instant with offset, or an ISO date (its start; for an upper bound, the start of the
   * next day).
   */
  private OffsetDateTime instant(String field, String value, boolean upper) {
    String text = value.trim();
    try {
      if (text.length() == 10) {
        LocalDate date = LocalDate.parse(text);
        return (upper ? date.plusDays(1) : date).atStartOfDay(store.zone()).toOffsetDateTime();
      }
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field + " must be an ISO date or date-time with offset");
    }
  }
}
