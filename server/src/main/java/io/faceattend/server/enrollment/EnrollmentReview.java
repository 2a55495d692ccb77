package io.faceattend.server.enrollment;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import com.google.protobuf.ByteString;
import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Enrollment;
import io.faceattend.proto.v1.ListEnrollmentsResponse;
import io.faceattend.proto.v1.PossibleDuplicate;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.error.Fields;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.security.TemplateCipher;
import io.faceattend.server.users.UserAccounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * An admin's review of enrolments: the list (with the sealed photo opened for the decision),
 * approval and rejection. Each decision runs in one transaction with its audit record.
 */
public record EnrollmentReview(Store store, TemplateCipher cipher) {

  public ListEnrollmentsResponse listEnrollments(
      Caller caller, String status, int page, int limit) {
    EnrollmentStatus wanted = Fields.statusFilter(EnrollmentStatus.class, status);
    Fields.Page paging = Fields.Page.of(page, limit, "limit", 20, 100);
    int pageNumber = paging.number();
    int pageSize = paging.size();
    var filter = wanted == null ? DSL.noCondition() : ENROLLMENTS.STATUS.eq(wanted);
    long total = store.db().fetchCount(ENROLLMENTS, filter);
    var templates =
        DSL.field(
            DSL.selectCount()
                .from(FACE_TEMPLATES)
                .where(FACE_TEMPLATES.ENROLLMENT_ID.eq(ENROLLMENTS.ID)));
    List<Enrollment> items =
        store
            .db()
            .select(
                ENROLLMENTS.ID,
                ENROLLMENTS.USER_ID,
                USERS.USERNAME,
                USERS.NAME,
                ENROLLMENTS.STATUS,
                ENROLLMENTS.CREATED_AT,
                ENROLLMENTS.PHOTO_CIPHERTEXT,
                ENROLLMENTS.DECIDED_AT,
                ENROLLMENTS.DECISION_REASON,
                templates,
                ENROLLMENTS.POSSIBLE_DUPLICATES)
            .from(ENROLLMENTS)
            .join(USERS)
            .on(USERS.ID.eq(ENROLLMENTS.USER_ID))
            .where(filter)
            .orderBy(ENROLLMENTS.CREATED_AT.desc(), ENROLLMENTS.ID.desc())
            .limit(pageSize)
            .offset(paging.offset())
            .fetch(
                row -> {
                  Enrollment.Builder item =
                      Enrollment.newBuilder()
                          .setId(row.value1())
                          .setUserId(row.value2())
                          .setUsername(row.value3())
                          .setName(row.value4())
                          .setStatus(row.value5().getLiteral())
                          .setCreatedAt(row.value6().toString())
                          .setTemplateCount(row.value10());
                  if (row.value7() != null) {
                    item.setPhoto(
                        ByteString.copyFrom(
                            cipher.decrypt(row.value7(), Enrollments.photoOwner(row.value2()))));
                  }
                  if (row.value8() != null) {
                    item.setDecidedAt(row.value8().toString());
                  }
                  if (row.value9() != null) {
                    item.setDecisionReason(row.value9());
                  }
                  for (DuplicateFinder.Duplicate d : DuplicatesJson.parse(row.value11())) {
                    item.addPossibleDuplicates(
                        PossibleDuplicate.newBuilder()
                            .setUserId(d.userId())
                            .setName(d.name())
                            .setSimilarity(d.similarity()));
                  }
                  return item.build();
                });
    // looking at enrolment photos is itself worth a trail
    store.transaction(
        tx ->
            store.audit(
                tx,
                caller.actor(),
                "enrollment.list",
                "enrollment",
                null,
                Map.of("status", status == null ? "" : status, "returned", items.size())));
    return ListEnrollmentsResponse.newBuilder()
        .setPage(pageNumber)
        .setLimit(pageSize)
        .setTotal(total)
        .addAllEnrollments(items)
        .build();
  }

  /**
   * Approves the user's pending enrolment: its templates become active, the photo is deleted. An
   * enrolment whose face matched other active people (possible duplicates) is approved only with
   * {@code overrideDuplicates}.
   */
  public void approve(Caller caller, long userId, boolean overrideDuplicates) {
    store.transaction(
        tx -> {
          UsersRecord user = UserAccounts.lockActive(tx, userId);
          long enrollmentId = pendingEnrollment(tx, userId);
          List<DuplicateFinder.Duplicate> duplicates =
              DuplicatesJson.parse(
                  tx.select(ENROLLMENTS.POSSIBLE_DUPLICATES)
                      .from(ENROLLMENTS)
                      .where(ENROLLMENTS.ID.eq(enrollmentId))
                      .fetchSingle(ENROLLMENTS.POSSIBLE_DUPLICATES));
          if (!duplicates.isEmpty() && !overrideDuplicates) {
            throw new ApiException(
                ErrorCode.POSSIBLE_DUPLICATE,
                "This face matches "
                    + duplicates.size()
                    + " other active account(s) (see possible_duplicates); approve with override_duplicates to confirm");
          }
          decide(tx, enrollmentId, EnrollmentStatus.APPROVED, caller, null);
          if (user.getStatus() != UserStatus.BLOCKED) {
            UserAccounts.setStatus(tx, userId, store.now(), UserStatus.ACTIVE);
          }
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("enrollment_id", enrollmentId);
          if (!duplicates.isEmpty()) {
            details.put(
                "override_duplicates",
                duplicates.stream().map(DuplicateFinder.Duplicate::userId).toList().toString());
          }
          store.audit(tx, caller.actor(), "enrollment.approve", "user", userId, details);
          store
              .audit()
              .events()
              .record(
                  tx,
                  EventTypes.ENROLLMENT_APPROVED,
                  userId,
                  Map.of("user_id", userId, "enrollment_id", enrollmentId));
        });
  }

  /**
   * Rejects the pending enrolment, or (for an approved user) asks for a new one: the templates are
   * deleted and the user goes back to first_login (a blocked user stays blocked).
   */
  public void reject(Caller caller, long userId, String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiException.missingField("reason");
    }
    store.transaction(
        tx -> {
          UsersRecord user = UserAccounts.lockActive(tx, userId);
          var current =
              tx.select(ENROLLMENTS.ID, ENROLLMENTS.STATUS)
                  .from(ENROLLMENTS)
                  .where(ENROLLMENTS.USER_ID.eq(userId))
                  .and(ENROLLMENTS.STATUS.in(EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED))
                  .orderBy(ENROLLMENTS.CREATED_AT.desc())
                  .limit(1)
                  .fetchOptional()
                  .orElseThrow(
                      () ->
                          new ApiException(
                              ErrorCode.NO_PENDING_ENROLLMENT,
                              "User " + userId + " has no enrolment to reject"));
          long enrollmentId = current.value1();
          boolean pending = current.value2() == EnrollmentStatus.PENDING;
          decide(
              tx,
              enrollmentId,
              pending ? EnrollmentStatus.REJECTED : EnrollmentStatus.SUPERSEDED,
              caller,
              reason.trim());
          tx.deleteFrom(FACE_TEMPLATES)
              .where(FACE_TEMPLATES.ENROLLMENT_ID.eq(enrollmentId))
              .execute();
          if (user.getStatus() != UserStatus.BLOCKED) {
            UserAccounts.setStatus(tx, userId, store.now(), UserStatus.FIRST_LOGIN);
          }
          store.audit(
              tx,
              caller.actor(),
              pending ? "enrollment.reject" : "enrollment.request_again",
              "user",
              userId,
              Map.of("enrollment_id", enrollmentId, "reason", reason.trim()));
          store
              .audit()
              .events()
              .record(
                  tx,
                  EventTypes.ENROLLMENT_REJECTED,
                  userId,
                  Map.of(
                      "user_id", userId, "enrollment_id", enrollmentId, "reason", reason.trim()));
        });
  }

  private static long pendingEnrollment(DSLContext tx, long userId) {
    return tx.select(ENROLLMENTS.ID)
        .from(ENROLLMENTS)
        .where(ENROLLMENTS.USER_ID.eq(userId))
        .and(ENROLLMENTS.STATUS.eq(EnrollmentStatus.PENDING))
        .orderBy(ENROLLMENTS.CREATED_AT.desc())
        .limit(1)
        .fetchOptional(ENROLLMENTS.ID)
        .orElseThrow(
            () ->
                new ApiException(
                    ErrorCode.NO_PENDING_ENROLLMENT,
                    "User " + userId + " has no enrolment waiting for approval"));
  }

  private void decide(
      DSLContext tx, long enrollmentId, EnrollmentStatus status, Caller caller, String reason) {
    tx.update(ENROLLMENTS)
        .set(ENROLLMENTS.STATUS, status)
        .set(ENROLLMENTS.DECIDED_AT, store.now())
        .set(ENROLLMENTS.DECIDED_BY, caller.userId())
        .set(ENROLLMENTS.DECISION_REASON, reason)
        // the photo was kept only for this decision
        .setNull(ENROLLMENTS.PHOTO_CIPHERTEXT)
        .where(ENROLLMENTS.ID.eq(enrollmentId))
        .execute();
  }
}
