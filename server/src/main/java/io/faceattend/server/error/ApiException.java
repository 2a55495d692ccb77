package io.faceattend.server.error;

import java.util.Map;

/**
 * A request the platform refuses, with a stable code and a message safe to show to the caller.
 * Thrown by domain code; turned into a gRPC status by {@link GrpcErrors} and into the REST error
 * body by the gateway.
 */
public final class ApiException extends RuntimeException {

  private final ErrorCode errorCode;
  private final Map<String, String> details;

  public ApiException(ErrorCode errorCode, String message) {
    this(errorCode, message, Map.of());
  }

  /**
   * With machine-readable details for the caller (gRPC: ErrorInfo metadata; REST: extra keys of the
   * body, e.g. {@code verified}/{@code liveness} of a refused punch).
   */
  public ApiException(ErrorCode errorCode, String message, Map<String, String> details) {
    super(message, null, false, false);
    this.errorCode = errorCode;
    this.details = Map.copyOf(details);
  }

  public Map<String, String> details() {
    return details;
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
