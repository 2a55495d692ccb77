package io.faceattend.server.attendance;

import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.server.face.FaceGate;

/**
 * A check-in or check-out as sent by the app (read by {@code grpc/Requests.punch}), or by a kiosk
 * or a camera on behalf of the person it identified: then {@code kiosk} says which device and site,
 * and the face was already accepted.
 */
public record PunchRequest(
    PunchKind kind,
    byte[] image,
    DevicePlatform device,
    String deviceId,
    Double latitude,
    Double longitude,
    Double accuracyM,
    String requestId,
    String capturedAt,
    Kiosk kiosk) {

  /**
   * The fixed device a punch was made at (a kiosk or a camera): its kind ("kiosk", "camera") and id
   * as recorded, its site and the face it already accepted.
   */
  public record Kiosk(String device, String deviceId, long siteId, FaceGate.AcceptedFace face) {
    /** A kiosk, named by its API key. */
    public Kiosk(long apiKeyId, long siteId, FaceGate.AcceptedFace face) {
      this("kiosk", "kiosk-" + apiKeyId, siteId, face);
    }
  }

  /**
   * A punch at a kiosk, located at its site (latitude/longitude: a point of the site, for the
   * record).
   */
  public static PunchRequest atKiosk(
      PunchKind kind, byte[] image, Kiosk kiosk, double latitude, double longitude) {
    return new PunchRequest(
        kind,
        image,
        DevicePlatform.DEVICE_PLATFORM_UNSPECIFIED,
        kiosk.deviceId(),
        latitude,
        longitude,
        null,
        null,
        null,
        kiosk);
  }

  /**
   * A punch by a camera for the person it identified, located at the camera's site; {@code
   * requestId} makes a retry of the same sighting one punch.
   */
  public static PunchRequest atCamera(
      PunchKind kind,
      byte[] image,
      String cameraId,
      long siteId,
      FaceGate.AcceptedFace face,
      double latitude,
      double longitude,
      String requestId) {
    return new PunchRequest(
        kind,
        image,
        DevicePlatform.DEVICE_PLATFORM_UNSPECIFIED,
        "camera-" + cameraId,
        latitude,
        longitude,
        null,
        requestId,
        null,
        new Kiosk("camera", "camera-" + cameraId, siteId, face));
  }

  /** Check-in or check-out, as stored (attendance_punches.kind). */
  public enum PunchKind {
    CHECK_IN("check_in"),
    CHECK_OUT("check_out");

    private final String dbValue;

    PunchKind(String dbValue) {
      this.dbValue = dbValue;
    }

    public String dbValue() {
      return dbValue;
    }
  }
}
