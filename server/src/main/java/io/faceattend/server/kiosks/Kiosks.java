package io.faceattend.server.kiosks;

import com.google.protobuf.InvalidProtocolBufferException;
import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.ApiKey;
import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.proto.v1.IdentifiedUser;
import io.faceattend.proto.v1.Kiosk;
import io.faceattend.proto.v1.KioskPunchResponse;
import io.faceattend.proto.v1.MachineScope;
import io.faceattend.server.attendance.PunchRequest;
import io.faceattend.server.attendance.PunchRequest.PunchKind;
import io.faceattend.server.attendance.PunchResult;
import io.faceattend.server.attendance.Punches;
import io.faceattend.server.attendance.TodayStatus;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.auth.ApiKeys;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.MachinePrincipal;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.identification.Identifier;
import io.faceattend.server.identification.OpenSetDecision;
import io.faceattend.server.sites.Geofence;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.Sites;
import io.faceattend.server.users.Roles;
import io.faceattend.server.users.UserAccounts;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Kiosks: a kiosk is a machine credential ({@link ApiKeys}) with the kiosk scope, bound to one
 * site. A punch at a kiosk identifies the face (one live face, every check-in gate), then goes
 * through the same {@link Punches} as the app for that person: account state, membership of the
 * kiosk's site, schedule and today's state.
 */
public record Kiosks(
    DSLContext db,
    ApiKeys apiKeys,
    FaceGate faces,
    Identifier identifier,
    Punches punches,
    TodayStatus today,
    Sites sites) {

  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  /** Registers a kiosk: its key is in the answer, only this once. */
  public Kiosk create(AuditLog.Actor admin, String name, long siteId) {
    if (siteId <= 0) {
      throw ApiException.missingField("site_id");
    }
    ApiKeys.Created created =
        apiKeys.create(admin, name, Set.of(MachineScope.MACHINE_SCOPE_KIOSK), siteId);
    return toKiosk(created.key()).toBuilder().setApiKey(created.secret()).build();
  }

  public List<Kiosk> list(boolean includeRevoked) {
    return apiKeys.list(includeRevoked).stream()
        .filter(Kiosks::isKiosk)
        .map(Kiosks::toKiosk)
        .toList();
  }

  public Kiosk revoke(AuditLog.Actor admin, long kioskId) {
    if (kioskId <= 0) {
      throw ApiException.missingField("kiosk_id");
    }
    boolean known = apiKeys.list(true).stream().anyMatch(k -> k.getId() == kioskId && isKiosk(k));
    if (!known) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Kiosk " + kioskId + " does not exist");
    }
    return toKiosk(apiKeys.revoke(admin, kioskId));
  }

  /**
   * @param action check_in, check_out, or empty for the person's next action
   */
  public KioskPunchResponse punch(
      MachinePrincipal kiosk, byte[] image, String action, String clientIp) {
    long siteId =
        kiosk
            .site()
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.FORBIDDEN,
                        "This key is not bound to a site; register kiosks with POST /api/admin/kiosks"));
    if (image == null || image.length == 0) {
      throw ApiException.missingField("image");
    }
    PunchKind requested =
        switch (action == null ? "" : action.trim()) {
          case "" -> null;
          case "check_in" -> PunchKind.CHECK_IN;
          case "check_out" -> PunchKind.CHECK_OUT;
          default -> throw ApiException.invalid("action must be check_in or check_out");
        };
    Site site =
        sites.active().stream()
            .filter(s -> s.id() == siteId)
            .findFirst()
            .orElseThrow(
                () ->
                    new ApiException(ErrorCode.FORBIDDEN, "This kiosk's site is no longer active"));

    FaceGate.AcceptedFace face = faces.accept(image); // one face, live, usable
    OpenSetDecision.Outcome outcome = identifier.identify(face.embedding());
    UsersRecord person =
        outcome
            .userId()
            .flatMap(id -> UserAccounts.findActive(db, id))
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.FACE_NOT_RECOGNIZED,
                        "This face does not match any active person"));
    Caller principal =
        new Caller(
            person.getId(),
            null,
            Roles.fromDb(person.getRole()),
            person.getStatus(),
            clientIp,
            null);
    PunchKind kind =
        requested != null
            ? requested
            : today.of(principal).getAttendanceStatus()
                    == AttendanceStatus.ATTENDANCE_STATUS_CHECKED_IN
                ? PunchKind.CHECK_OUT
                : PunchKind.CHECK_IN;
    double[] point = pointOf(site.geofence());
    IdentifiedUser.Builder who =
        IdentifiedUser.newBuilder().setId(person.getId()).setName(person.getName());
    if (person.getEmployeeId() != null) {
      who.setEmployeeId(person.getEmployeeId());
    }
    PunchRequest request =
        PunchRequest.atKiosk(
            kind,
            image,
            new PunchRequest.Kiosk(kiosk.apiKeyId(), siteId, face),
            point[0],
            point[1]);
    return punches.punch(
        principal,
        request,
        clientIp,
        new Punches.ResponseCodec<KioskPunchResponse>() {
          @Override
          public KioskPunchResponse build(PunchResult result) {
            return KioskPunchResponse.newBuilder()
                .setUser(who)
                .setAction(kind.dbValue())
                .setTime(result.localTime().format(LOCAL_TIME))
                .setWithinAllowedTime(result.withinAllowedTime())
                .setSimilarity(outcome.bestSimilarity())
                .setLivenessScore(face.livenessScore())
                .setMessage(
                    (kind == PunchKind.CHECK_IN ? "Checked in: " : "Checked out: ")
                        + person.getName())
                .build();
          }

          @Override
          public byte[] encode(KioskPunchResponse response) {
            return response.toByteArray();
          }

          @Override
          public KioskPunchResponse decode(byte[] stored) {
            try {
              return KioskPunchResponse.parseFrom(stored);
            } catch (InvalidProtocolBufferException e) {
              throw new IllegalStateException(e);
            }
          }
        });
  }

  /**
   * Where a kiosk (or camera) punch is recorded: the centre of the site's circle, or the mean of
   * its polygon's corners.
   */
  public static double[] pointOf(Geofence geofence) {
    return switch (geofence) {
      case Geofence.Circle circle -> new double[] {circle.latitude(), circle.longitude()};
      case Geofence.Polygon polygon ->
          new double[] {
            polygon.vertices().stream().mapToDouble(v -> v[0]).average().orElse(0),
            polygon.vertices().stream().mapToDouble(v -> v[1]).average().orElse(0)
          };
    };
  }

  private static boolean isKiosk(ApiKey key) {
    return key.getScopesList().contains(MachineScope.MACHINE_SCOPE_KIOSK) && key.hasSiteId();
  }

  private static Kiosk toKiosk(ApiKey key) {
    Kiosk.Builder kiosk =
        Kiosk.newBuilder()
            .setId(key.getId())
            .setName(key.getName())
            .setSiteId(key.getSiteId())
            .setKeyPrefix(key.getPrefix())
            .setCreatedAt(key.getCreatedAt());
    if (key.hasLastUsedAt()) {
      kiosk.setLastUsedAt(key.getLastUsedAt());
    }
    if (key.hasRevokedAt()) {
      kiosk.setRevokedAt(key.getRevokedAt());
    }
    return kiosk.build();
  }
}
