package io.faceattend.server.enrollment;

import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.server.error.ApiException;

/** Validation of the device fields every photo-carrying request sends. */
public final class Devices {

  private Devices() {}

  /** "ios" or "android". */
  public static String platform(DevicePlatform device) {
    return switch (device) {
      case DEVICE_PLATFORM_IOS -> "ios";
      case DEVICE_PLATFORM_ANDROID -> "android";
      default -> throw ApiException.missingField("device");
    };
  }

  public static String deviceId(String deviceId) {
    if (deviceId == null || deviceId.isBlank()) {
      throw ApiException.missingField("deviceId");
    }
    if (deviceId.length() > 200) {
      throw ApiException.invalid("deviceId is longer than 200 characters");
    }
    return deviceId.trim();
  }
}
