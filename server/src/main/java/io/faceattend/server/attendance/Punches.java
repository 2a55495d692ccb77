package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.IDEMPOTENT_REQUESTS;

import io.faceattend.db.jooq.tables.records.AttendancePunchesRecord;
import io.faceattend.server.attendance.PunchRequest.PunchKind;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.TokenService;
import io.faceattend.server.enrollment.Devices;
import io.faceattend.server.enrollment.Templates;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetStep;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Check-in and check-out. Cheap checks first (account, location, the day's state, schedule), then
 * the face (one live face matching the user's templates), then one transaction that records the
 * punch and, for a request with an idempotency key, its answer. Every refusal of a well-formed
 * request is recorded as an attempt (reason, scores, device, location; never the photo) and changes
 * nothing else.
 */
public record Punches(
    Store store,
    FaceGate faces,
    Templates templates,
    Sites sites,
    Schedules schedules,
    AttendanceRules rules) {

  private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  /**
   * How an RPC's response is built from a result, and stored and read back for idempotent retries.
   */
  public interface ResponseCodec<T> {
    T build(PunchResult result);

    byte[] encode(T response);

    T decode(byte[] stored);
  }

  public <T> T punch(Caller user, PunchRequest request, String clientIp, ResponseCodec<T> codec) {
    String key = idempotencyKey(request.requestId());
    byte[] imageSha256 =
        request.image() == null || request.image().length == 0
            ? null
            : TokenService.sha256(request.image());
    // one round trip for the idempotency look-up and the replay check (decided later, in order)
    Earlier earlier = earlier(user.userId(), key, imageSha256);
    if (earlier.operation() != null) {
      return answer(earlier.operation(), earlier.response(), request.kind(), codec);
    }
    Validated punch = validate(request, imageSha256);
    Scores scores = new Scores();
    try {
      Decision decision = decide(user, request, punch, earlier.imageUsed(), scores);
      T answer = record(user, request.kind(), punch, decision, key, codec);
      scores.afterSuccess.run();
      return answer;
    } catch (ApiException refused) {
      if (!refused.errorCode().isServerSide()) {
        recordAttempt(
            user.userId(), request.kind(), punch, scores, refused.errorCode(), clientIp, key);
      }
      throw refused;
    }
  }

  /**
   * What the database already holds for a punch: the stored answer of its idempotency key, if any
   * (operation and response), and whether its photo served a punch before.
   */
  private record Earlier(String operation, byte[] response, boolean imageUsed) {}

  private Earlier earlier(long userId, String key, byte[] imageSha256) {
    if (key == null && imageSha256 == null) {
      return new Earlier(null, null, false);
    }
    Field<String> operation =
        key == null
            ? DSL.inline(null, String.class)
            : DSL.field(
                DSL.select(IDEMPOTENT_REQUESTS.OPERATION)
                    .from(IDEMPOTENT_REQUESTS)
                    .where(IDEMPOTENT_REQUESTS.USER_ID.eq(userId))
                    .and(IDEMPOTENT_REQUESTS.REQUEST_KEY.eq(key)));
    Field<byte[]> response =
        key == null
            ? DSL.inline(null, byte[].class)
            : DSL.field(
                DSL.select(IDEMPOTENT_REQUESTS.RESPONSE)
                    .from(IDEMPOTENT_REQUESTS)
                    .where(IDEMPOTENT_REQUESTS.USER_ID.eq(userId))
                    .and(IDEMPOTENT_REQUESTS.REQUEST_KEY.eq(key)));
    Field<Boolean> used =
        imageSha256 == null
            ? DSL.inline(false)
            : DSL.field(
                DSL.exists(
                    DSL.selectOne()
                        .from(ATTENDANCE_PUNCHES)
                        .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
                        .and(ATTENDANCE_PUNCHES.IMAGE_SHA256.eq(imageSha256))));
    var row = store.db().select(operation, response, used).fetchOne();
    return new Earlier(row.value1(), row.value2(), Boolean.TRUE.equals(row.value3()));
  }

  /** Request fields checked before anything is looked up. */
  private record Validated(
      String device,
      String deviceId,
      double latitude,
      double longitude,
      Double accuracyM,
      Instant punchedAt,
      Instant capturedAt,
      byte[] image,
      byte[] imageSha256,
      long startedNanos) {}

  /** What the checks decided for an accepted punch. */
  private record Decision(
      Site site,
      ZoneId zone,
      LocalDate workDate,
      ZonedDateTime localTime,
      boolean withinAllowedTime,
      double similarity,
      double livenessScore) {}

  /** Scores gathered on the way, kept for the attempt record when a later step refuses. */
  private static final class Scores {
    Double similarity;
    Double liveness;
    // after a model upgrade: the verified probe becomes a template of the new model
    Runnable afterSuccess = () -> {};
  }

  private Validated validate(PunchRequest r, byte[] imageSha256) {
    long started = System.nanoTime();
    if (r.image() == null || r.image().length == 0) {
      throw ApiException.missingField("image");
    }
    String device = r.kiosk() != null ? r.kiosk().device() : Devices.platform(r.device());
    String deviceId = Devices.deviceId(r.deviceId());
    if (r.latitude() == null) {
      throw ApiException.missingField("latitude");
    }
    if (r.longitude() == null) {
      throw ApiException.missingField("longitude");
    }
    if (!(r.latitude() >= -90 && r.latitude() <= 90)
        || !(r.longitude() >= -180 && r.longitude() <= 180)) {
      throw new ApiException(ErrorCode.INVALID_LOCATION, "latitude/longitude out of range");
    }
    if (r.accuracyM() != null && !(r.accuracyM() >= 0)) {
      throw ApiException.invalid("accuracy_m must be zero or more metres");
    }
    Instant now = store.clock().instant();
    Instant captured = null;
    if (r.capturedAt() != null && !r.capturedAt().isBlank()) {
      try {
        captured = OffsetDateTime.parse(r.capturedAt().trim()).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiException.invalid(
            "captured_at must be ISO-8601 with an offset, e.g. 2026-01-15T09:02:00+05:00");
      }
      if (captured.isAfter(now.plus(CLOCK_SKEW))
          || captured.isBefore(now.minus(rules.offlineWindow()))) {
        throw new ApiException(
            ErrorCode.CAPTURE_TIME_OUT_OF_WINDOW,
            "captured_at must be within the last " + rules.offlineWindow().toHours() + " hours");
      }
    }
    // a punch queued offline counts at the time the photo was taken
    Instant punchedAt =
        (captured != null && captured.isBefore(now) ? captured : now)
            .truncatedTo(ChronoUnit.SECONDS);
    return new Validated(
        device,
        deviceId,
        r.latitude(),
        r.longitude(),
        r.accuracyM(),
        punchedAt,
        captured,
        r.image(),
        imageSha256,
        started);
  }

  private Decision decide(
      Caller user, PunchRequest request, Validated p, boolean imageUsed, Scores scores) {
    switch (user.status()) {
      case FIRST_LOGIN ->
          throw new ApiException(ErrorCode.ENROLLMENT_REQUIRED, "Enrol your face first");
      case PENDING ->
          throw new ApiException(
              ErrorCode.ACCOUNT_PENDING,
              "Your enrolment is waiting for an administrator's approval");
      case BLOCKED -> throw new ApiException(ErrorCode.ACCOUNT_BLOCKED, "Your account is blocked");
      case ACTIVE -> {}
    }
    Site site = null;
    ZoneId zone = rules.defaultZone();
    List<Site> userSites = sites.ofUser(user.userId());
    if (request.kiosk() != null) {
      // a kiosk or camera stands at its site: the person must belong to it, no GPS involved
      site =
          userSites.stream()
              .filter(s -> s.id() == request.kiosk().siteId())
              .findFirst()
              .orElseThrow(
                  () ->
                      new ApiException(
                          ErrorCode.NO_SITE_ASSIGNED, "You are not assigned to this kiosk's site"));
      zone = site.timeZone();
    } else if (userSites.isEmpty()) {
      if (rules.requireSite()) {
        throw new ApiException(
            ErrorCode.NO_SITE_ASSIGNED, "You are not assigned to any site; ask your administrator");
      }
    } else {
      double allowance =
          p.accuracyM() == null ? 0 : Math.min(p.accuracyM(), rules.maxAccuracyAllowanceM());
      double nearest = Double.MAX_VALUE;
      for (Site candidate : userSites) {
        double outside = candidate.geofence().distanceOutside(p.latitude(), p.longitude());
        nearest = Math.min(nearest, outside);
        if (outside <= allowance) {
          site = candidate;
          break;
        }
      }
      if (site == null) {
        throw new ApiException(
            ErrorCode.OUTSIDE_GEOFENCE,
            String.format(Locale.ROOT, "You are %.0f m outside your site's area", nearest));
      }
      zone = site.timeZone();
    }

    ZonedDateTime local = p.punchedAt().atZone(zone);
    Optional<WorkSchedule> schedule = schedules.of(user.userId());
    // usually the calendar day; the morning after an overnight shift, the day it started
    LocalDate day = WorkDays.of(store.db(), user.userId(), schedule, local.toLocalDateTime());
    TodayPunches today = TodayPunches.of(store.db(), user.userId(), day);
    checkState(request.kind(), today);
    if (schedule.isPresent() && !schedule.get().isWorkingDay(day) && today.checkIn().isEmpty()) {
      throw new ApiException(
          ErrorCode.NOT_WORKING_DAY, day.getDayOfWeek() + " is not one of your working days");
    }
    boolean within =
        schedule
            .map(
                s ->
                    request.kind() == PunchKind.CHECK_IN
                        ? s.checkInWithinTime(day, local.toLocalDateTime())
                        : s.checkOutWithinTime(day, local.toLocalDateTime()))
            .orElse(true);

    // a photo serves one punch: the same bytes again are a replay, not a new capture
    if (imageUsed) {
      throw new ApiException(
          ErrorCode.IMAGE_REUSED, "This photo was already used for a punch; take a new one");
    }

    // the expensive step last
    // every model of the person's templates: the probe is embedded by each one still loaded
    Templates.PersonTemplates known = templates.approvedFor(user.userId());
    FaceGate.AcceptedFace face;
    try {
      face =
          request.kiosk() != null
              ? request.kiosk().face()
              : faces.accept(p.image(), known.models());
    } catch (ApiException refused) {
      throw withVerdict(refused, false, livenessOf(refused, p.image()));
    }
    scores.liveness = face.livenessScore();
    if (known.isEmpty()) {
      throw new ApiException(
          ErrorCode.ENROLLMENT_REQUIRED, "No approved face template; enrol again");
    }
    Templates.Verification verified = templates.verify(faces, face, known);
    FaceGate.Match match = verified.match();
    scores.similarity = match.similarity();
    scores.afterSuccess = () -> templates.addFromCheckIn(face, known, verified);
    if (!match.matched()) {
      throw new ApiException(
          ErrorCode.FACE_MISMATCH,
          "The face does not match your enrolled face",
          Map.of("verified", "false", "liveness", "true"));
    }
    return new Decision(site, zone, day, local, within, match.similarity(), face.livenessScore());
  }

  private static void checkState(PunchKind kind, TodayPunches today) {
    if (kind == PunchKind.CHECK_IN) {
      if (today.checkOut().isPresent()) {
        throw new ApiException(
            ErrorCode.ALREADY_CHECKED_OUT, "You have already completed today's attendance");
      }
      if (today.checkIn().isPresent()) {
        throw new ApiException(ErrorCode.ALREADY_CHECKED_IN, "You have already checked in today");
      }
    } else {
      if (today.checkIn().isEmpty()) {
        throw new ApiException(ErrorCode.NOT_CHECKED_IN, "Check in before checking out");
      }
      if (today.checkOut().isPresent()) {
        throw new ApiException(ErrorCode.ALREADY_CHECKED_OUT, "You have already checked out today");
      }
    }
  }

  /**
   * The liveness a refused punch reports: the model's verdict. A liveness refusal is false; without
   * a usable image or a face there is nothing live; any other gate (two faces, eyes closed, pose,
   * size, quality) asks the liveness model about the largest face.
   */
  private boolean livenessOf(ApiException refused, byte[] image) {
    return switch (refused.errorCode()) {
      case LIVENESS_FAILED,
          NO_FACE,
          IMAGE_UNREADABLE,
          UNSUPPORTED_IMAGE_FORMAT,
          IMAGE_TOO_LARGE,
          UNPROCESSABLE_IMAGE,
          INTERNAL,
          UNAVAILABLE,
          OVERLOADED ->
          false;
      default -> faces.isLive(image);
    };
  }

  /**
   * A face-gate refusal as the punch API reports it: verified/liveness false plus the gate's code.
   */
  private static ApiException withVerdict(ApiException refused, boolean verified, boolean live) {
    if (refused.errorCode().isServerSide()) {
      return refused;
    }
    return new ApiException(
        refused.errorCode(),
        refused.getMessage(),
        Map.of("verified", Boolean.toString(verified), "liveness", Boolean.toString(live)));
  }

  private <T> T record(
      Caller user, PunchKind kind, Validated p, Decision d, String key, ResponseCodec<T> codec) {
    T response =
        codec.build(new PunchResult(d.localTime().toLocalDateTime(), d.withinAllowedTime()));
    // One statement, so one round trip and one transaction (autocommit): the punch, its outbox
    // event and the idempotency answer (data-modifying CTEs) commit together or not at all. Two
    // copies of one request: the second waits on the first one's unique keys, then fails 23505
    // and finds the first one's answer below.
    List<CommonTableExpression<?>> with = new ArrayList<>();
    store
        .audit()
        .events()
        .statement(
            store.db(),
            kind == PunchKind.CHECK_IN ? EventTypes.CHECK_IN : EventTypes.CHECK_OUT,
            user.userId(),
            punchData(user, kind, p, d))
        .ifPresent(event -> with.add(DSL.name("punch_event").as(event)));
    if (key != null) {
      with.add(
          DSL.name("punch_answer")
              .as(
                  DSL.insertInto(IDEMPOTENT_REQUESTS)
                      .set(IDEMPOTENT_REQUESTS.USER_ID, user.userId())
                      .set(IDEMPOTENT_REQUESTS.REQUEST_KEY, key)
                      .set(IDEMPOTENT_REQUESTS.OPERATION, kind.dbValue())
                      .set(IDEMPOTENT_REQUESTS.RESPONSE, codec.encode(response))
                      .returning(IDEMPOTENT_REQUESTS.USER_ID)));
    }
    InsertSetStep<AttendancePunchesRecord> into =
        with.isEmpty()
            ? store.db().insertInto(ATTENDANCE_PUNCHES)
            : store.db().with(with).insertInto(ATTENDANCE_PUNCHES);
    try {
      into.set(ATTENDANCE_PUNCHES.USER_ID, user.userId())
          .set(ATTENDANCE_PUNCHES.KIND, kind.dbValue())
          .set(ATTENDANCE_PUNCHES.WORK_DATE, d.workDate())
          .set(
              ATTENDANCE_PUNCHES.PUNCHED_AT,
              OffsetDateTime.ofInstant(p.punchedAt(), ZoneOffset.UTC))
          .set(
              ATTENDANCE_PUNCHES.CAPTURED_AT,
              p.capturedAt() == null
                  ? null
                  : OffsetDateTime.ofInstant(p.capturedAt(), ZoneOffset.UTC))
          .set(ATTENDANCE_PUNCHES.RECEIVED_AT, store.now())
          .set(ATTENDANCE_PUNCHES.TIME_ZONE, d.zone().getId())
          .set(ATTENDANCE_PUNCHES.SITE_ID, d.site() == null ? null : d.site().id())
          .set(ATTENDANCE_PUNCHES.LATITUDE, p.latitude())
          .set(ATTENDANCE_PUNCHES.LONGITUDE, p.longitude())
          .set(ATTENDANCE_PUNCHES.ACCURACY_M, p.accuracyM())
          .set(ATTENDANCE_PUNCHES.DEVICE, p.device())
          .set(ATTENDANCE_PUNCHES.DEVICE_ID, p.deviceId())
          .set(ATTENDANCE_PUNCHES.SIMILARITY, d.similarity())
          .set(ATTENDANCE_PUNCHES.LIVENESS_SCORE, d.livenessScore())
          .set(ATTENDANCE_PUNCHES.WITHIN_ALLOWED_TIME, d.withinAllowedTime())
          .set(ATTENDANCE_PUNCHES.REQUEST_ID, key)
          .set(ATTENDANCE_PUNCHES.IMAGE_SHA256, p.imageSha256())
          .set(
              ATTENDANCE_PUNCHES.PROCESSING_MS,
              (int) ((System.nanoTime() - p.startedNanos()) / 1_000_000))
          .execute();
      return response;
    } catch (DataAccessException e) {
      if (!"23505".equals(e.sqlState())) {
        throw e;
      }
      // a copy of this request (same key) committed first: its answer; else a concurrent punch of
      // the same kind and day won: the same answer as if it had come first
      if (key != null) {
        Optional<T> earlier = storedAnswer(store.db(), user.userId(), key, kind, codec);
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      throw kind == PunchKind.CHECK_IN
          ? new ApiException(ErrorCode.ALREADY_CHECKED_IN, "You have already checked in today")
          : new ApiException(ErrorCode.ALREADY_CHECKED_OUT, "You have already checked out today");
    }
  }

  /**
   * Records a refusal; a retry of the same request (same Idempotency-Key) is not recorded again.
   */
  private void recordAttempt(
      long userId,
      PunchKind kind,
      Validated p,
      Scores scores,
      ErrorCode reason,
      String clientIp,
      String key) {
    store.transaction(
        tx -> {
          int inserted =
              tx.insertInto(ATTENDANCE_ATTEMPTS)
                  .set(ATTENDANCE_ATTEMPTS.REQUEST_KEY, key)
                  .set(ATTENDANCE_ATTEMPTS.USER_ID, userId)
                  .set(ATTENDANCE_ATTEMPTS.KIND, kind.dbValue())
                  .set(ATTENDANCE_ATTEMPTS.REASON, reason.code())
                  .set(ATTENDANCE_ATTEMPTS.SIMILARITY, scores.similarity)
                  .set(ATTENDANCE_ATTEMPTS.LIVENESS_SCORE, scores.liveness)
                  .set(ATTENDANCE_ATTEMPTS.LATITUDE, p.latitude())
                  .set(ATTENDANCE_ATTEMPTS.LONGITUDE, p.longitude())
                  .set(ATTENDANCE_ATTEMPTS.ACCURACY_M, p.accuracyM())
                  .set(ATTENDANCE_ATTEMPTS.DEVICE, p.device())
                  .set(ATTENDANCE_ATTEMPTS.DEVICE_ID, p.deviceId())
                  .set(ATTENDANCE_ATTEMPTS.CLIENT_IP, clientIp)
                  .set(ATTENDANCE_ATTEMPTS.CREATED_AT, store.now())
                  .onConflictDoNothing()
                  .execute();
          if (inserted == 0) {
            return; // a retry of a refusal already recorded (and already announced)
          }
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("user_id", userId);
          data.put("kind", kind.dbValue());
          data.put("reason", reason.code());
          data.put("similarity", scores.similarity);
          data.put("liveness_score", scores.liveness);
          data.put("device_id", p.deviceId());
          store.audit().events().record(tx, EventTypes.REFUSED, userId, data);
        });
  }

  /** The data of a check-in or check-out event (webhook receivers get it as the body's "data"). */
  private static Map<String, Object> punchData(
      Caller user, PunchKind kind, Validated p, Decision d) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("user_id", user.userId());
    data.put("kind", kind.dbValue());
    data.put("work_date", d.workDate().toString());
    data.put("punched_at", p.punchedAt().toString());
    data.put("local_time", d.localTime().toLocalDateTime().toString());
    data.put("time_zone", d.zone().getId());
    data.put("site_id", d.site() == null ? null : d.site().id());
    data.put("within_allowed_time", d.withinAllowedTime());
    data.put("confidence", d.similarity());
    data.put("device", p.device());
    return data;
  }

  private static String idempotencyKey(String requestId) {
    if (requestId == null || requestId.isBlank()) {
      return null;
    }
    if (requestId.length() > 200) {
      throw ApiException.invalid("Idempotency-Key is longer than 200 characters");
    }
    return requestId.trim();
  }

  private static <T> Optional<T> storedAnswer(
      DSLContext tx, long userId, String key, PunchKind kind, ResponseCodec<T> codec) {
    return tx.select(IDEMPOTENT_REQUESTS.OPERATION, IDEMPOTENT_REQUESTS.RESPONSE)
        .from(IDEMPOTENT_REQUESTS)
        .where(IDEMPOTENT_REQUESTS.USER_ID.eq(userId))
        .and(IDEMPOTENT_REQUESTS.REQUEST_KEY.eq(key))
        .fetchOptional()
        .map(row -> answer(row.value1(), row.value2(), kind, codec));
  }

  /** A stored answer for a retry, if the key was used for the same kind of punch. */
  private static <T> T answer(
      String operation, byte[] response, PunchKind kind, ResponseCodec<T> codec) {
    if (!operation.equals(kind.dbValue())) {
      throw new ApiException(
          ErrorCode.CONFLICT, "This Idempotency-Key was already used for another request");
    }
    return codec.decode(response);
  }
}
