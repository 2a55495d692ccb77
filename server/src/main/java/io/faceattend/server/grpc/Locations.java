package io.faceattend.server.grpc;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;

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
}
