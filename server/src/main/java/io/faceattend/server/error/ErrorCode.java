package io.faceattend.server.error;

import io.grpc.Status;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The platform's stable, machine-readable error codes. Each has one gRPC status code and one HTTP
 * status; REST clients see {@code {"success": false, "error": {"code": "...", "message": "..."}}},
 * gRPC clients a status with a {@code google.rpc.ErrorInfo} whose reason is the code.
 * docs/errors.md lists them; never rename one.
 */
public enum ErrorCode {
  // 400: the request itself is wrong
  INVALID_ARGUMENT("invalid_argument", Status.Code.INVALID_ARGUMENT, 400),
  MISSING_FIELD("missing_field", Status.Code.INVALID_ARGUMENT, 400),
  MALFORMED_JSON("malformed_json", Status.Code.INVALID_ARGUMENT, 400),
  MALFORMED_MULTIPART("malformed_multipart", Status.Code.INVALID_ARGUMENT, 400),
  INVALID_LOCATION("invalid_location", Status.Code.INVALID_ARGUMENT, 400),
  CAPTURE_TIME_OUT_OF_WINDOW("capture_time_out_of_window", Status.Code.INVALID_ARGUMENT, 400),
  // 401: who are you?
  INVALID_CREDENTIALS("invalid_credentials", Status.Code.UNAUTHENTICATED, 401),
  MISSING_TOKEN("missing_token", Status.Code.UNAUTHENTICATED, 401),
  INVALID_TOKEN("invalid_token", Status.Code.UNAUTHENTICATED, 401),
  TOKEN_EXPIRED("token_expired", Status.Code.UNAUTHENTICATED, 401),
  TOKEN_REVOKED("token_revoked", Status.Code.UNAUTHENTICATED, 401),
  INVALID_REFRESH_TOKEN("invalid_refresh_token", Status.Code.UNAUTHENTICATED, 401),
  REFRESH_TOKEN_EXPIRED("refresh_token_expired", Status.Code.UNAUTHENTICATED, 401),
  REFRESH_TOKEN_REUSED("refresh_token_reused", Status.Code.UNAUTHENTICATED, 401),
  FACE_NOT_RECOGNIZED("face_not_recognized", Status.Code.UNAUTHENTICATED, 401),
  INVALID_API_KEY("invalid_api_key", Status.Code.UNAUTHENTICATED, 401),
  // 403: known, but not allowed
  ACCOUNT_BLOCKED("account_blocked", Status.Code.PERMISSION_DENIED, 403),
  FORBIDDEN("forbidden", Status.Code.PERMISSION_DENIED, 403),
  ENROLLMENT_REQUIRED("enrollment_required", Status.Code.PERMISSION_DENIED, 403),
  ACCOUNT_PENDING("account_pending", Status.Code.PERMISSION_DENIED, 403),
  NO_SITE_ASSIGNED("no_site_assigned", Status.Code.PERMISSION_DENIED, 403),
  OUTSIDE_GEOFENCE("outside_geofence", Status.Code.PERMISSION_DENIED, 403),
  NOT_WORKING_DAY("not_working_day", Status.Code.PERMISSION_DENIED, 403),
  FACE_MISMATCH("face_mismatch", Status.Code.PERMISSION_DENIED, 403),
  FACE_LOGIN_DISABLED("face_login_disabled", Status.Code.PERMISSION_DENIED, 403),
  REGISTRATION_DISABLED("registration_disabled", Status.Code.PERMISSION_DENIED, 403),
  INVALID_INVITE("invalid_invite", Status.Code.PERMISSION_DENIED, 403),
  // 404, 409
  NOT_FOUND("not_found", Status.Code.NOT_FOUND, 404),
  USERNAME_TAKEN("username_taken", Status.Code.ALREADY_EXISTS, 409),
  EMAIL_TAKEN("email_taken", Status.Code.ALREADY_EXISTS, 409),
  CONFLICT("conflict", Status.Code.FAILED_PRECONDITION, 409),
  POSSIBLE_DUPLICATE("possible_duplicate", Status.Code.FAILED_PRECONDITION, 409),
  ALREADY_CHECKED_IN("already_checked_in", Status.Code.FAILED_PRECONDITION, 409),
  NOT_CHECKED_IN("not_checked_in", Status.Code.FAILED_PRECONDITION, 409),
  ALREADY_CHECKED_OUT("already_checked_out", Status.Code.FAILED_PRECONDITION, 409),
  ENROLLMENT_NOT_ALLOWED("enrollment_not_allowed", Status.Code.FAILED_PRECONDITION, 409),
  NO_PENDING_ENROLLMENT("no_pending_enrollment", Status.Code.FAILED_PRECONDITION, 409),
  // 408 (the request did not arrive in time), 413, 415, 422, 429
  REQUEST_TIMEOUT("request_timeout", Status.Code.DEADLINE_EXCEEDED, 408),
  PAYLOAD_TOO_LARGE("payload_too_large", Status.Code.RESOURCE_EXHAUSTED, 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", Status.Code.INVALID_ARGUMENT, 415),
  UNPROCESSABLE_IMAGE("unprocessable_image", Status.Code.INVALID_ARGUMENT, 422),
  // the face engine's refusals of an image (docs/face-engine.md): the wire codes are its enum's
  // (the two enums share a
  // simple name, hence the qualified one); too large is 413
  IMAGE_TOO_LARGE(io.faceattend.face.ErrorCode.IMAGE_TOO_LARGE, 413),
  IMAGE_UNREADABLE(io.faceattend.face.ErrorCode.IMAGE_UNREADABLE, 422),
  UNSUPPORTED_IMAGE_FORMAT(io.faceattend.face.ErrorCode.UNSUPPORTED_IMAGE_FORMAT, 422),
  NO_FACE(io.faceattend.face.ErrorCode.NO_FACE, 422),
  MULTIPLE_FACES(io.faceattend.face.ErrorCode.MULTIPLE_FACES, 422),
  FACE_TOO_SMALL(io.faceattend.face.ErrorCode.FACE_TOO_SMALL, 422),
  POSE_OUT_OF_RANGE(io.faceattend.face.ErrorCode.POSE_OUT_OF_RANGE, 422),
  EYES_CLOSED(io.faceattend.face.ErrorCode.EYES_CLOSED, 422),
  LOW_QUALITY(io.faceattend.face.ErrorCode.LOW_QUALITY, 422),
  LIVENESS_FAILED(io.faceattend.face.ErrorCode.LIVENESS_FAILED, 422),
  IMAGE_REUSED("image_reused", Status.Code.INVALID_ARGUMENT, 422),
  TOO_MANY_ATTEMPTS("too_many_attempts", Status.Code.RESOURCE_EXHAUSTED, 429),
  RATE_LIMITED("rate_limited", Status.Code.RESOURCE_EXHAUSTED, 429),
  // 5xx
  INTERNAL("internal", Status.Code.INTERNAL, 500),
  NOT_IMPLEMENTED("not_implemented", Status.Code.UNIMPLEMENTED, 501),
  // a camera (an upstream the server reads) could not be reached or read
  CAMERA_UNREACHABLE("camera_unreachable", Status.Code.UNAVAILABLE, 502),
  UNAVAILABLE("unavailable", Status.Code.UNAVAILABLE, 503),
  /**
   * This node's face work queue is full (FaceAdmission): nothing was done; Retry-After says when to
   * come back.
   */
  OVERLOADED("overloaded", Status.Code.RESOURCE_EXHAUSTED, 503);

  private static final Map<String, ErrorCode> BY_CODE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));
  private static final Map<io.faceattend.face.ErrorCode, ErrorCode> BY_FACE_CODE =
      Arrays.stream(values())
          .filter(code -> code.faceCode != null)
          .collect(Collectors.toUnmodifiableMap(code -> code.faceCode, Function.identity()));

  private final String code;
  private final Status.Code grpcCode;
  private final int httpStatus;
  private final io.faceattend.face.ErrorCode faceCode;

  ErrorCode(String code, Status.Code grpcCode, int httpStatus) {
    this.code = code;
    this.grpcCode = grpcCode;
    this.httpStatus = httpStatus;
    this.faceCode = null;
  }

  /**
   * A refusal of the face engine, under the engine's own code (an image problem: INVALID_ARGUMENT).
   */
  ErrorCode(io.faceattend.face.ErrorCode faceCode, int httpStatus) {
    this.code = faceCode.code();
    this.grpcCode = Status.Code.INVALID_ARGUMENT;
    this.httpStatus = httpStatus;
    this.faceCode = faceCode;
  }

  /** The wire name, lower_snake_case. */
  public String code() {
    return code;
  }

  public Status.Code grpcCode() {
    return grpcCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /**
   * A failure on the server's side (a bug, a dependency down, no room in the face queue), not a
   * verdict on the request: it is not recorded as a refused attempt, and a retry may succeed.
   */
  public boolean isServerSide() {
    return this == INTERNAL || this == UNAVAILABLE || this == OVERLOADED;
  }

  public static Optional<ErrorCode> byCode(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /**
   * The platform's code for a refusal of an image by the face engine; empty for the engine's other
   * codes.
   */
  public static Optional<ErrorCode> forFace(io.faceattend.face.ErrorCode code) {
    return Optional.ofNullable(BY_FACE_CODE.get(code));
  }

  /**
   * The code used when a gRPC status carries no ErrorInfo (a status raised outside our services).
   */
  public static ErrorCode forGrpcCode(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> INVALID_ARGUMENT;
      case UNAUTHENTICATED -> INVALID_TOKEN;
      case PERMISSION_DENIED -> FORBIDDEN;
      case NOT_FOUND -> NOT_FOUND;
      case ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION -> CONFLICT;
      case RESOURCE_EXHAUSTED -> TOO_MANY_ATTEMPTS;
      case UNIMPLEMENTED -> NOT_IMPLEMENTED;
      case UNAVAILABLE, DEADLINE_EXCEEDED -> UNAVAILABLE;
      default -> INTERNAL;
    };
  }
}
