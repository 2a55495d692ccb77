package io.faceattend.server.grpc;

import io.faceattend.server.auth.Authentication;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/** Validation of WGS84 coordinates sent by devices. */
final class Locations {

  private Locations() {}

  static void check(double latitude, double longitude) {
    if (!Double.isFinite(latitude) || latitude < -90 || latitude > 90) {
      throw new ApiException(ErrorCode.INVALID_LOCATION, "latitude must be between -90 and 90");
    }
    if (!Double.isFinite(longitude) || longitude < -180 || longitude > 180) {
      throw new ApiException(ErrorCode.INVALID_LOCATION, "longitude must be between -180 and 180");
    }
  }

  /**
   * Where a sign-in (password or face) comes from: optional, but if sent it must be a real
   * coordinate pair.
   */
  static Authentication.Location signIn(@Nullable Double latitude, @Nullable Double longitude) {
    if ((latitude == null) != (longitude == null)) {
      throw new ApiException(
          ErrorCode.INVALID_LOCATION, "Send both latitude and longitude, or neither");
    }
    if (latitude == null || longitude == null) {
      return Authentication.Location.NONE;
    }
    check(latitude, longitude);
    return new Authentication.Location(latitude, longitude);
  }
}
