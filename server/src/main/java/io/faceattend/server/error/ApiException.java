package io.faceattend.server.error;

/**
 * A request the platform refuses, with a stable code and a message safe to show to the caller. Thrown by domain
 * code; turned into a gRPC status by {@link GrpcErrors} and into the REST error body by the gateway.
 */
public final class ApiException extends RuntimeException {

  private final ErrorCode errorCode;

  public ApiException(ErrorCode errorCode, String message) {
    super(message, null, false, false);
    this.errorCode = errorCode;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public static ApiException missingField(String field) {
    return new ApiException(ErrorCode.MISSING_FIELD, "Field '" + field + "' is required");
  }

  public static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
