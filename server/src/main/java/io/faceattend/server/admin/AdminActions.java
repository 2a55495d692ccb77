package io.faceattend.server.admin;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import com.google.protobuf.ByteString;
import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.Enrollment;
import io.faceattend.proto.v1.ListEnrollmentsResponse;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.enrollment.DuplicateFinder;
import io.faceattend.server.enrollment.DuplicatesJson;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.security.TemplateCipher;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.Sites;
import io.faceattend.server.users.UserStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What admins do to run the mobile flow. Each action runs in one transaction with its audit record (who, what,
 * when, from where), so there is never an action without its trail.
 */
public final class AdminActions {

  private static final Set<String> ENROLLMENT_STATUSES = Set.of("pending", "approved", "rejected", "superseded");

  private final DSLContext db;
  private final TemplateCipher cipher;
  private final Sites sites;
  private final Schedules schedules;
  private final AuditLog audit;
  private final Clock clock;

  public AdminActions(DSLContext db, TemplateCipher cipher, Sites sites, Schedules schedules, AuditLog audit,
      Clock clock) {
    this.db = db;
    this.cipher = cipher;
    this.sites = sites;
    this.schedules = schedules;
    this.audit = audit;
    this.clock = clock;
  }

  public ListEnrollmentsResponse listEnrollments(AuditLog.Actor admin, String status, int page, int limit) {
    if (status != null && !status.isBlank() && !ENROLLMENT_STATUSES.contains(status)) {
      throw ApiException.invalid("status must be one of " + ENROLLMENT_STATUSES);
    }
    if (page < 0 || limit < 0) {
      throw ApiException.invalid("page and limit must be 1 or more");
    }
    int pageNumber = page == 0 ? 1 : page;
    int pageSize = limit == 0 ? 20 : Math.min(limit, 100);
    var filter = status == null || status.isBlank() ? DSL.noCondition() : ENROLLMENTS.STATUS.eq(status);
    long total = db.fetchCount(ENROLLMENTS, filter);
    var templates = DSL.field(DSL.selectCount().from(FACE_TEMPLATES)
        .where(FACE_TEMPLATES.ENROLLMENT_ID.eq(ENROLLMENTS.ID)));
    List<Enrollment> items = db.select(ENROLLMENTS.ID, ENROLLMENTS.USER_ID, USERS.USERNAME, USERS.NAME,
            ENROLLMENTS.STATUS, ENROLLMENTS.CREATED_AT, ENROLLMENTS.PHOTO_CIPHERTEXT, ENROLLMENTS.DECIDED_AT,
            ENROLLMENTS.DECISION_REASON, templates, ENROLLMENTS.POSSIBLE_DUPLICATES)
        .from(ENROLLMENTS)
        .join(USERS).on(USERS.ID.eq(ENROLLMENTS.USER_ID))
        .where(filter)
        .orderBy(ENROLLMENTS.CREATED_AT.desc(), ENROLLMENTS.ID.desc())
        .limit(pageSize)
        .offset((long) (pageNumber - 1) * pageSize)
        .fetch(row -> {
          Enrollment.Builder item = Enrollment.newBuilder()
              .setId(row.value1())
              .setUserId(row.value2())
              .setUsername(row.value3())
              .setName(row.value4())
              .setStatus(row.value5())
              .setCreatedAt(row.value6().toString())
              .setTemplateCount(row.value10());
          if (row.value7() != null) {
            item.setPhoto(ByteString.copyFrom(cipher.decrypt(row.value7(), Enrollments.photoOwner(row.value2()))));
          }
          if (row.value8() != null) {
            item.setDecidedAt(row.value8().toString());
          }
          if (row.value9() != null) {
            item.setDecisionReason(row.value9());
          }
          for (DuplicateFinder.Duplicate d : DuplicatesJson.parse(row.value11())) {
            item.addPossibleDuplicates(io.faceattend.proto.v1.PossibleDuplicate.newBuilder()
                .setUserId(d.userId()).setName(d.name()).setSimilarity(d.similarity()));
          }
          return item.build();
        });
    // looking at enrolment photos is itself worth a trail
    db.transaction(config -> audit.record(DSL.using(config), admin, "enrollment.list", "enrollment", null,
        Map.of("status", status == null ? "" : status, "returned", items.size())));
    return ListEnrollmentsResponse.newBuilder().setPage(pageNumber).setLimit(pageSize).setTotal(total)
        .addAllEnrollments(items).build();
  }

  /**
   * Approves the user's pending enrolment: its templates become active, the photo is deleted. An enrolment whose
   * face matched other active people (possible duplicates) is approved only with {@code overrideDuplicates}.
   */
  public void approve(AuditLog.Actor admin, long userId, boolean overrideDuplicates) {
    db.transaction(config -> {
      DSLContext tx = DSL.using(config);
      UsersRecord user = lockUser(tx, userId);
      long enrollmentId = pendingEnrollment(tx, userId);
      List<DuplicateFinder.Duplicate> duplicates = DuplicatesJson.parse(tx.select(ENROLLMENTS.POSSIBLE_DUPLICATES)
          .from(ENROLLMENTS).where(ENROLLMENTS.ID.eq(enrollmentId)).fetchSingle(ENROLLMENTS.POSSIBLE_DUPLICATES));
      if (!duplicates.isEmpty() && !overrideDuplicates) {
        throw new ApiException(ErrorCode.POSSIBLE_DUPLICATE, "This face matches " + duplicates.size()
            + " other active account(s) (see possible_duplicates); approve with override_duplicates to confirm");
      }
      decide(tx, enrollmentId, "approved", admin, null);
      if (!UserStatus.BLOCKED.dbValue().equals(user.getStatus())) {
        setStatus(tx, userId, UserStatus.ACTIVE);
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("enrollment_id", enrollmentId);
      if (!duplicates.isEmpty()) {
        details.put("override_duplicates", duplicates.stream().map(DuplicateFinder.Duplicate::userId).toList()
            .toString());
      }
      audit.record(tx, admin, "enrollment.approve", "user", userId, details);
    });
  }

  /**
   * Rejects the pending enrolment, or (for an approved user) asks for a new one: the templates are deleted and
   * the user goes back to first_login (a blocked user stays blocked).
   */
  public void reject(AuditLog.Actor admin, long userId, String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiException.missingField("reason");
    }
    db.transaction(config -> {
      DSLContext tx = DSL.using(config);
      UsersRecord user = lockUser(tx, userId);
      var current = tx.select(ENROLLMENTS.ID, ENROLLMENTS.STATUS).from(ENROLLMENTS)
          .where(ENROLLMENTS.USER_ID.eq(userId))
          .and(ENROLLMENTS.STATUS.in("pending", "approved"))
          .orderBy(ENROLLMENTS.CREATED_AT.desc())
          .limit(1)
          .fetchOptional()
          .orElseThrow(() -> new ApiException(ErrorCode.NO_PENDING_ENROLLMENT,
              "User " + userId + " has no enrolment to reject"));
      long enrollmentId = current.value1();
      decide(tx, enrollmentId, "pending".equals(current.value2()) ? "rejected" : "superseded", admin, reason.trim());
      tx.deleteFrom(FACE_TEMPLATES).where(FACE_TEMPLATES.ENROLLMENT_ID.eq(enrollmentId)).execute();
      if (!UserStatus.BLOCKED.dbValue().equals(user.getStatus())) {
        setStatus(tx, userId, UserStatus.FIRST_LOGIN);
      }
      audit.record(tx, admin, "pending".equals(current.value2()) ? "enrollment.reject" : "enrollment.request_again",
          "user", userId, Map.of("enrollment_id", enrollmentId, "reason", reason.trim()));
    });
  }

  public void block(AuditLog.Actor admin, long userId, String reason) {
    if (admin.userId() != null && admin.userId() == userId) {
      throw ApiException.invalid("You cannot block yourself");
    }
    db.transaction(config -> {
      DSLContext tx = DSL.using(config);
      lockUser(tx, userId);
      setStatus(tx, userId, UserStatus.BLOCKED);
      audit.record(tx, admin, "user.block", "user", userId, Map.of("reason", reason == null ? "" : reason.trim()));
    });
  }

  /** Unblocks; the user returns to what their enrolment gives: active, pending or first_login. */
  public UserStatus unblock(AuditLog.Actor admin, long userId) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      UsersRecord user = lockUser(tx, userId);
      if (!UserStatus.BLOCKED.dbValue().equals(user.getStatus())) {
        throw new ApiException(ErrorCode.CONFLICT, "User " + userId + " is not blocked");
      }
      String latest = tx.select(ENROLLMENTS.STATUS).from(ENROLLMENTS)
          .where(ENROLLMENTS.USER_ID.eq(userId))
          .and(ENROLLMENTS.STATUS.in("pending", "approved"))
          .orderBy(ENROLLMENTS.CREATED_AT.desc())
          .limit(1)
          .fetchOptional(ENROLLMENTS.STATUS)
          .orElse(null);
      UserStatus next = "approved".equals(latest) ? UserStatus.ACTIVE
          : "pending".equals(latest) ? UserStatus.PENDING : UserStatus.FIRST_LOGIN;
      setStatus(tx, userId, next);
      audit.record(tx, admin, "user.unblock", "user", userId, Map.of("status", next.dbValue()));
      return next;
    });
  }

  public Site createSite(AuditLog.Actor admin, Sites.NewSite site) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      Site created = sites.create(tx, site);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("name", created.name());
      details.put("time_zone", created.timeZone().getId());
      details.put("geofence", created.geofence().getClass().getSimpleName().toLowerCase());
      audit.record(tx, admin, "site.create", "site", created.id(), details);
      return created;
    });
  }

  public int addSiteMembers(AuditLog.Actor admin, long siteId, List<Long> userIds) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      int added = sites.addMembers(tx, siteId, userIds);
      audit.record(tx, admin, "site.add_members", "site", siteId,
          Map.of("user_ids", userIds.toString(), "added", added));
      return added;
    });
  }

  public WorkSchedule setSchedule(AuditLog.Actor admin, long userId, Schedules.Input input) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      WorkSchedule schedule = schedules.set(tx, userId, input);
      audit.record(tx, admin, "schedule.set", "user", userId, scheduleDetails(schedule));
      return schedule;
    });
  }

  /** The schedule that applies to a user and where it comes from; not_found when the user or a schedule is missing. */
  public Schedules.Assigned schedule(long userId) {
    if (!db.fetchExists(USERS, USERS.ID.eq(userId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
    }
    return schedules.assignedTo(userId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
        "User " + userId + " has no schedule, nor has their department: every day is a working day"));
  }

  public void clearSchedule(AuditLog.Actor admin, long userId) {
    db.transaction(config -> {
      DSLContext tx = DSL.using(config);
      if (!schedules.clear(tx, userId)) {
        throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " has no schedule of their own");
      }
      audit.record(tx, admin, "schedule.clear", "user", userId, Map.of());
    });
  }

  public WorkSchedule setDepartmentSchedule(AuditLog.Actor admin, long departmentId, Schedules.Input input) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      WorkSchedule schedule = schedules.setForDepartment(tx, departmentId, input);
      audit.record(tx, admin, "schedule.set", "department", departmentId, scheduleDetails(schedule));
      return schedule;
    });
  }

  public WorkSchedule departmentSchedule(long departmentId) {
    return schedules.ofDepartment(departmentId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
        "Department " + departmentId + " has no schedule"));
  }

  public void clearDepartmentSchedule(AuditLog.Actor admin, long departmentId) {
    db.transaction(config -> {
      DSLContext tx = DSL.using(config);
      if (!schedules.clearDepartment(tx, departmentId)) {
        throw new ApiException(ErrorCode.NOT_FOUND, "Department " + departmentId + " has no schedule");
      }
      audit.record(tx, admin, "schedule.clear", "department", departmentId, Map.of());
    });
  }

  private static Map<String, Object> scheduleDetails(WorkSchedule schedule) {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("working_days", schedule.workingDays().stream().map(d -> d.getValue()).sorted().toList()
        .toString());
    details.put("start_time", schedule.start().toString());
    details.put("end_time", schedule.end().toString());
    details.put("grace_minutes", schedule.graceMinutes());
    details.put("overtime_after_minutes", schedule.overtimeAfterMinutes());
    details.put("shifts", new java.util.TreeMap<>(schedule.shifts()).entrySet().stream()
        .map(e -> e.getKey().getValue() + " " + e.getValue().start() + "-" + e.getValue().end()).toList()
        .toString());
    return details;
  }

  private static UsersRecord lockUser(DSLContext tx, long userId) {
    return tx.selectFrom(USERS).where(USERS.ID.eq(userId)).and(USERS.DEACTIVATED_AT.isNull()).forUpdate()
        .fetchOptional()
        .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist"));
  }

  private static long pendingEnrollment(DSLContext tx, long userId) {
    return tx.select(ENROLLMENTS.ID).from(ENROLLMENTS)
        .where(ENROLLMENTS.USER_ID.eq(userId)).and(ENROLLMENTS.STATUS.eq("pending"))
        .orderBy(ENROLLMENTS.CREATED_AT.desc())
        .limit(1)
        .fetchOptional(ENROLLMENTS.ID)
        .orElseThrow(() -> new ApiException(ErrorCode.NO_PENDING_ENROLLMENT,
            "User " + userId + " has no enrolment waiting for approval"));
  }

  private void decide(DSLContext tx, long enrollmentId, String status, AuditLog.Actor admin, String reason) {
    tx.update(ENROLLMENTS)
        .set(ENROLLMENTS.STATUS, status)
        .set(ENROLLMENTS.DECIDED_AT, now())
        .set(ENROLLMENTS.DECIDED_BY, admin.userId())
        .set(ENROLLMENTS.DECISION_REASON, reason)
        // the photo was kept only for this decision
        .setNull(ENROLLMENTS.PHOTO_CIPHERTEXT)
        .where(ENROLLMENTS.ID.eq(enrollmentId))
        .execute();
  }

  private void setStatus(DSLContext tx, long userId, UserStatus status) {
    tx.update(USERS)
        .set(USERS.STATUS, status.dbValue())
        .set(USERS.UPDATED_AT, now())
        .where(USERS.ID.eq(userId))
        .execute();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
