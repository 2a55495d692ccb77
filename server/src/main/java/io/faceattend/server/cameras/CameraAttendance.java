package io.faceattend.server.cameras;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_LOGS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.server.attendance.PunchRequest;
import io.faceattend.server.attendance.PunchRequest.PunchKind;
import io.faceattend.server.attendance.PunchResult;
import io.faceattend.server.attendance.Punches;
import io.faceattend.server.attendance.TodayStatus;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.kiosks.Kiosks;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.Sites;
import io.faceattend.server.users.Roles;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a camera does for a person it recognised: an entry camera checks them in and an exit camera
 * checks them out through {@link Punches} (account state, membership of the camera's site,
 * schedule, today's state: the kiosk's rules), then one attendance log entry records the sighting.
 * A camera punches only when it is the person's next step (an entry camera does not try to check in
 * someone already checked in), so passing it again is not a refused attempt; the sighting's track
 * is the punch's idempotency key.
 */
public record CameraAttendance(Store store, Punches punches, TodayStatus today, Sites sites) {

  private static final Logger LOG = LoggerFactory.getLogger(CameraAttendance.class);

  /**
   * @param image the frame or crop the face was accepted from (memory only; its digest is kept with
   *     a punch, as for every punch)
   * @param trackKey the sighting, unique per track
   */
  void record(
      CameraConfig camera,
      long userId,
      double similarity,
      FaceGate.AcceptedFace face,
      byte[] image,
      long verificationMs,
      String trackKey) {
    UsersRecord person =
        store
            .db()
            .selectFrom(USERS)
            .where(USERS.ID.eq(userId))
            .and(USERS.DEACTIVATED_AT.isNull())
            .fetchOne();
    if (person == null) {
      return;
    }
    String action = punch(camera, person, face, image, trackKey).orElse(null);
    store
        .db()
        .insertInto(ATTENDANCE_LOGS)
        .set(ATTENDANCE_LOGS.USER_ID, userId)
        .set(ATTENDANCE_LOGS.CAMERA_ID, camera.id())
        .set(ATTENDANCE_LOGS.CAMERA_NAME, camera.name())
        .set(ATTENDANCE_LOGS.CAMERA_LOCATION, camera.location())
        .set(ATTENDANCE_LOGS.SEEN_AT, store.now())
        .set(ATTENDANCE_LOGS.CONFIDENCE, similarity)
        .set(ATTENDANCE_LOGS.LIVENESS_SCORE, face.livenessScore())
        .set(ATTENDANCE_LOGS.VERIFICATION_MS, (int) Math.min(Integer.MAX_VALUE, verificationMs))
        .set(ATTENDANCE_LOGS.ACTION, action)
        .execute();
  }

  private Optional<String> punch(
      CameraConfig camera,
      UsersRecord person,
      FaceGate.AcceptedFace face,
      byte[] image,
      String trackKey) {
    if (camera.siteId() == null || "both".equals(camera.direction())) {
      return Optional.empty();
    }
    long siteId = camera.siteId();
    Optional<Site> site = sites.active().stream().filter(s -> s.id() == siteId).findFirst();
    if (site.isEmpty()) {
      return Optional.empty();
    }
    Caller principal =
        new Caller(
            person.getId(), null, Roles.fromDb(person.getRole()), person.getStatus(), null, null);
    AttendanceStatus state = today.of(principal).getAttendanceStatus();
    PunchKind kind =
        "entry".equals(camera.direction())
            ? (state == AttendanceStatus.ATTENDANCE_STATUS_NOT_CHECKED_IN
                ? PunchKind.CHECK_IN
                : null)
            : (state == AttendanceStatus.ATTENDANCE_STATUS_CHECKED_IN ? PunchKind.CHECK_OUT : null);
    if (kind == null) {
      return Optional.empty();
    }
    double[] point = Kiosks.pointOf(site.get().geofence());
    try {
      punches.punch(
          principal,
          PunchRequest.atCamera(
              kind, image, camera.id(), siteId, face, point[0], point[1], "camera:" + trackKey),
          null,
          RESULT);
      return Optional.of(kind.dbValue());
    } catch (ApiException refused) {
      // not a member of the site, not a working day...: logged, not punched
      LOG.debug(
          "camera {}: no {} for user {}: {}",
          camera.id(),
          kind.dbValue(),
          person.getId(),
          refused.errorCode().code());
      return Optional.empty();
    }
  }

  /** A camera punch's answer is its result; stored for the idempotency key as text. */
  private static final Punches.ResponseCodec<PunchResult> RESULT =
      new Punches.ResponseCodec<>() {
        @Override
        public PunchResult build(PunchResult result) {
          return result;
        }

        @Override
        public byte[] encode(PunchResult response) {
          return (response.localTime() + "|" + response.withinAllowedTime())
              .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public PunchResult decode(byte @Nullable [] stored) {
          String[] parts =
              new String(stored == null ? new byte[0] : stored, StandardCharsets.UTF_8)
                  .split("\\|");
          return new PunchResult(LocalDateTime.parse(parts[0]), Boolean.parseBoolean(parts[1]));
        }
      };
}
