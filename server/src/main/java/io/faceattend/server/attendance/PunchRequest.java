package io.faceattend.server.attendance;

import io.faceattend.proto.v1.CheckInRequest;
import io.faceattend.proto.v1.CheckOutRequest;
import io.faceattend.proto.v1.DevicePlatform;

/** A check-in or check-out as sent by the app (both carry the same fields). */
public record PunchRequest(PunchKind kind, byte[] image, DevicePlatform device, String deviceId, Double latitude,
    Double longitude, Double accuracyM, String requestId, String capturedAt) {

  public static PunchRequest of(CheckInRequest r) {
    return new PunchRequest(PunchKind.CHECK_IN, r.getImage().toByteArray(), r.getDevice(), r.getDeviceId(),
        r.hasLatitude() ? r.getLatitude() : null, r.hasLongitude() ? r.getLongitude() : null,
        r.hasAccuracyM() ? r.getAccuracyM() : null, r.getRequestId(), r.hasCapturedAt() ? r.getCapturedAt() : null);
  }

  public static PunchRequest of(CheckOutRequest r) {
    return new PunchRequest(PunchKind.CHECK_OUT, r.getImage().toByteArray(), r.getDevice(), r.getDeviceId(),
        r.hasLatitude() ? r.getLatitude() : null, r.hasLongitude() ? r.getLongitude() : null,
        r.hasAccuracyM() ? r.getAccuracyM() : null, r.getRequestId(), r.hasCapturedAt() ? r.getCapturedAt() : null);
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
