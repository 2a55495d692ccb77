package io.faceattend.server.absences;

import static io.faceattend.db.jooq.Tables.ABSENCE_REQUESTS;
import static io.faceattend.db.jooq.Tables.USERS;

import com.google.protobuf.ByteString;
import io.faceattend.db.types.AbsenceStatus;
import io.faceattend.db.types.StatusLiteral;
import io.faceattend.proto.v1.AbsenceRequest;
import io.faceattend.proto.v1.GetAbsenceEvidenceResponse;
import io.faceattend.proto.v1.ListAbsenceRequestsResponse;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.error.Fields;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.people.Scope;
import io.faceattend.server.reports.AttendanceDays;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SelectOnConditionStep;

/**
 * Absence requests: submitted by anybody for themselves, decided by an admin or by a manager of the
 * person's department. Approved requests excuse their working days in reports ({@link
 * #excusedDays()}).
 */
public record Absences(Store store) {

  /** Largest evidence file accepted. */
  public static final int MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

  private static final Set<String> TYPES = Set.of("sick", "vacation", "personal", "other");

  /**
   * The type of a file from its first bytes: application/pdf, image/jpeg or image/png, else null.
   */
  public static String sniff(byte[] bytes) {
    if (bytes.length >= 5
        && bytes[0] == '%'
        && bytes[1] == 'P'
        && bytes[2] == 'D'
        && bytes[3] == 'F'
        && bytes[4] == '-') {
      return "application/pdf";
    }
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xff
        && (bytes[1] & 0xff) == 0xd8
        && (bytes[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (bytes.length >= png.length && Arrays.equals(bytes, 0, png.length, png, 0, png.length)) {
      return "image/png";
    }
    return null;
  }

  public AbsenceRequest submit(
      Caller caller, String start, String end, String type, String reason, byte[] evidence) {
    LocalDate first = Fields.isoDate("start_date", start);
    LocalDate last = Fields.isoDate("end_date", end);
    if (last.isBefore(first)) {
      throw ApiException.invalid("end_date must not be before start_date");
    }
    if (ChronoUnit.DAYS.between(first, last) >= 366) {
      throw ApiException.invalid("a request covers at most 366 days");
    }
    String kind = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(kind)) {
      throw ApiException.invalid("type must be one of sick, vacation, personal, other");
    }
    if (reason == null || reason.isBlank()) {
      throw ApiException.missingField("reason");
    }
    String contentType = null;
    if (evidence != null && evidence.length > 0) {
      if (evidence.length > MAX_EVIDENCE_BYTES) {
        throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "evidence is larger than 5 MiB");
      }
      contentType = sniff(evidence);
      if (contentType == null) {
        throw new ApiException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "evidence must be a PDF, JPEG or PNG file");
      }
    }
    String type2 = contentType;
    return store.transactionResult(
        tx -> {
          long id =
              tx.insertInto(ABSENCE_REQUESTS)
                  .set(ABSENCE_REQUESTS.USER_ID, caller.userId())
                  .set(ABSENCE_REQUESTS.START_DATE, first)
                  .set(ABSENCE_REQUESTS.END_DATE, last)
                  .set(ABSENCE_REQUESTS.TYPE, kind)
                  .set(ABSENCE_REQUESTS.REASON, reason.trim())
                  .set(ABSENCE_REQUESTS.EVIDENCE, type2 == null ? null : evidence)
                  .set(ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE, type2)
                  .returning(ABSENCE_REQUESTS.ID)
                  .fetchSingle()
                  .getId();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("start_date", first.toString());
          details.put("end_date", last.toString());
          details.put("type", kind);
          details.put("evidence_content_type", type2);
          store.audit(tx, caller.actor(), "absence.submit", "absence_request", id, details);
          return withEvent(tx, EventTypes.ABSENCE_REQUESTED, find(tx, id));
        });
  }

  /** Whom the caller may see requests of: themselves, plus their scope (managers, admins). */
  private static Condition visible(Caller caller) {
    return ABSENCE_REQUESTS
        .USER_ID
        .eq(caller.userId())
        .or(Scope.people(caller, ABSENCE_REQUESTS.USER_ID));
  }

  public ListAbsenceRequestsResponse list(
      Caller caller, String status, long userId, int page, int pageSize) {
    Fields.Page paging = Fields.Page.of(page, pageSize, "page_size", 20, 100);
    int number = paging.number();
    int size = paging.size();
    Condition where = visible(caller);
    AbsenceStatus wanted = Fields.statusFilter(AbsenceStatus.class, status);
    if (wanted != null) {
      where = where.and(ABSENCE_REQUESTS.STATUS.eq(wanted));
    }
    if (userId != 0) {
      where = where.and(ABSENCE_REQUESTS.USER_ID.eq(userId));
    }
    long count = store.db().fetchCount(ABSENCE_REQUESTS, where);
    return ListAbsenceRequestsResponse.newBuilder()
        .setCount(count)
        .setPage(number)
        .setPageSize(size)
        .addAllResults(
            select(store.db())
                .where(where)
                .orderBy(ABSENCE_REQUESTS.ID.desc())
                .limit(size)
                .offset(paging.offset())
                .fetch(Absences::toProto))
        .build();
  }

  public AbsenceRequest decide(Caller caller, long requestId, String decisionText, String comment) {
    AbsenceStatus decision =
        StatusLiteral.parse(AbsenceStatus.class, decisionText)
            .filter(status -> status != AbsenceStatus.PENDING)
            .orElseThrow(() -> ApiException.invalid("decision must be approved or rejected"));
    if (decision == AbsenceStatus.REJECTED && (comment == null || comment.isBlank())) {
      throw ApiException.missingField("comment");
    }
    return store.transactionResult(
        tx -> {
          var row =
              tx.select(ABSENCE_REQUESTS.USER_ID, ABSENCE_REQUESTS.STATUS)
                  .from(ABSENCE_REQUESTS)
                  .where(ABSENCE_REQUESTS.ID.eq(requestId))
                  .and(Scope.people(caller, ABSENCE_REQUESTS.USER_ID))
                  .forUpdate()
                  .fetchOptional()
                  .orElseThrow(() -> notFound(requestId));
          if (row.value1() == caller.userId() && caller.role() != Role.ROLE_ADMIN) {
            throw new ApiException(
                ErrorCode.FORBIDDEN, "A manager cannot decide their own request");
          }
          if (row.value2() != AbsenceStatus.PENDING) {
            throw new ApiException(
                ErrorCode.CONFLICT, "Request " + requestId + " is already " + row.value2());
          }
          tx.update(ABSENCE_REQUESTS)
              .set(ABSENCE_REQUESTS.STATUS, decision)
              .set(ABSENCE_REQUESTS.DECIDED_BY, caller.userId())
              .set(ABSENCE_REQUESTS.DECIDED_AT, store.now())
              .set(
                  ABSENCE_REQUESTS.DECISION_COMMENT,
                  comment == null || comment.isBlank() ? null : comment.trim())
              .where(ABSENCE_REQUESTS.ID.eq(requestId))
              .execute();
          store.audit(
              tx,
              caller.actor(),
              "absence." + (decision == AbsenceStatus.APPROVED ? "approve" : "reject"),
              "absence_request",
              requestId,
              Map.of("user_id", row.value1(), "comment", comment == null ? "" : comment));
          return withEvent(tx, EventTypes.ABSENCE_DECIDED, find(tx, requestId));
        });
  }

  public GetAbsenceEvidenceResponse evidence(Caller caller, long requestId) {
    var row =
        store
            .db()
            .select(ABSENCE_REQUESTS.EVIDENCE, ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE)
            .from(ABSENCE_REQUESTS)
            .where(ABSENCE_REQUESTS.ID.eq(requestId))
            .and(visible(caller))
            .fetchOptional()
            .orElseThrow(() -> notFound(requestId));
    if (row.value1() == null) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Request " + requestId + " has no evidence file");
    }
    return GetAbsenceEvidenceResponse.newBuilder()
        .setContentType(row.value2())
        .setEvidence(ByteString.copyFrom(row.value1()))
        .build();
  }

  /** Approved requests as excused days, for reports. */
  public static AttendanceDays.ExcusedDays excusedDays() {
    return (db, userIds, from, to) -> {
      Map<Long, Set<LocalDate>> days = new HashMap<>();
      db.select(ABSENCE_REQUESTS.USER_ID, ABSENCE_REQUESTS.START_DATE, ABSENCE_REQUESTS.END_DATE)
          .from(ABSENCE_REQUESTS)
          .where(ABSENCE_REQUESTS.USER_ID.in(userIds))
          .and(ABSENCE_REQUESTS.STATUS.eq(AbsenceStatus.APPROVED))
          .and(ABSENCE_REQUESTS.START_DATE.le(to))
          .and(ABSENCE_REQUESTS.END_DATE.ge(from))
          .forEach(
              row -> {
                Set<LocalDate> set = days.computeIfAbsent(row.value1(), k -> new HashSet<>());
                LocalDate last = row.value3().isAfter(to) ? to : row.value3();
                for (LocalDate d = row.value2().isBefore(from) ? from : row.value2();
                    !d.isAfter(last);
                    d = d.plusDays(1)) {
                  set.add(d);
                }
              });
      return days;
    };
  }

  private static SelectOnConditionStep<Record> select(DSLContext db) {
    return db.select(
            List.<SelectField<?>>of(
                ABSENCE_REQUESTS.ID,
                ABSENCE_REQUESTS.USER_ID,
                USERS.NAME,
                ABSENCE_REQUESTS.START_DATE,
                ABSENCE_REQUESTS.END_DATE,
                ABSENCE_REQUESTS.TYPE,
                ABSENCE_REQUESTS.REASON,
                ABSENCE_REQUESTS.STATUS,
                ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE,
                ABSENCE_REQUESTS.DECIDED_BY,
                ABSENCE_REQUESTS.DECIDED_AT,
                ABSENCE_REQUESTS.DECISION_COMMENT,
                ABSENCE_REQUESTS.CREATED_AT))
        .from(ABSENCE_REQUESTS)
        .join(USERS)
        .on(USERS.ID.eq(ABSENCE_REQUESTS.USER_ID));
  }

  /**
   * Records the request's event (submitted or decided) in the same transaction and returns the
   * request.
   */
  private AbsenceRequest withEvent(DSLContext tx, String type, AbsenceRequest request) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("absence_request_id", request.getId());
    data.put("user_id", request.getUserId());
    data.put("name", request.getName());
    data.put("start_date", request.getStartDate());
    data.put("end_date", request.getEndDate());
    data.put("type", request.getType());
    data.put("status", request.getStatus());
    data.put(
        "decision_comment", request.hasDecisionComment() ? request.getDecisionComment() : null);
    store.audit().events().record(tx, type, request.getUserId(), data);
    return request;
  }

  private static AbsenceRequest find(DSLContext db, long id) {
    return select(db).where(ABSENCE_REQUESTS.ID.eq(id)).fetchSingle(Absences::toProto);
  }

  private static AbsenceRequest toProto(Record row) {
    AbsenceRequest.Builder proto =
        AbsenceRequest.newBuilder()
            .setId(row.get(ABSENCE_REQUESTS.ID))
            .setUserId(row.get(ABSENCE_REQUESTS.USER_ID))
            .setName(row.get(USERS.NAME))
            .setStartDate(row.get(ABSENCE_REQUESTS.START_DATE).toString())
            .setEndDate(row.get(ABSENCE_REQUESTS.END_DATE).toString())
            .setType(row.get(ABSENCE_REQUESTS.TYPE))
            .setReason(row.get(ABSENCE_REQUESTS.REASON))
            .setStatus(row.get(ABSENCE_REQUESTS.STATUS).getLiteral())
            .setCreatedAt(row.get(ABSENCE_REQUESTS.CREATED_AT).toString());
    if (row.get(ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE) != null) {
      proto.setEvidenceContentType(row.get(ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE));
    }
    if (row.get(ABSENCE_REQUESTS.DECIDED_BY) != null) {
      proto.setDecidedBy(row.get(ABSENCE_REQUESTS.DECIDED_BY));
    }
    if (row.get(ABSENCE_REQUESTS.DECIDED_AT) != null) {
      proto.setDecidedAt(row.get(ABSENCE_REQUESTS.DECIDED_AT).toString());
    }
    if (row.get(ABSENCE_REQUESTS.DECISION_COMMENT) != null) {
      proto.setDecisionComment(row.get(ABSENCE_REQUESTS.DECISION_COMMENT));
    }
    return proto.build();
  }

  private static ApiException notFound(long id) {
    return new ApiException(ErrorCode.NOT_FOUND, "Absence request " + id + " does not exist");
  }
}
