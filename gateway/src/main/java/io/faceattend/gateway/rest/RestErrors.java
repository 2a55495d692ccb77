package io.faceattend.gateway.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseCompleteException;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST error responses: the right HTTP status and {@code {"success": false, "error": {...}}}, never
 * a trace.
 */
public final class RestErrors {

  private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

  /** The detail (ErrorInfo metadata) of a refusal saying how many seconds to wait. */
  private static final String RETRY_AFTER_DETAIL = "retry_after_seconds";

  private RestErrors() {}

  public static HttpResponse response(int httpStatus, String code, String message) {
    return response(httpStatus, code, message, Map.of());
  }

  public static HttpResponse response(
      int httpStatus, String code, String message, Map<String, String> details) {
    byte[] body = SeedJson.error(code, message, details);
    String retryAfter = details.get(RETRY_AFTER_DETAIL);
    if (retryAfter != null && retryAfter.chars().allMatch(Character::isDigit)) {
      // a refusal that says when to come back (429 too_many_attempts) says it in the standard
      // header too
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.valueOf(httpStatus))
              .contentType(MediaType.JSON_UTF_8)
              .add(HttpHeaderNames.RETRY_AFTER, retryAfter)
              .build(),
          HttpData.wrap(body));
    }
    return HttpResponse.of(HttpStatus.valueOf(httpStatus), MediaType.JSON_UTF_8, body);
  }

  public static HttpResponse response(ErrorCode code, String message) {
    return response(code.httpStatus(), code.code(), message);
  }

  /**
   * Maps whatever a REST call failed with (a gRPC status from the service, a parse error...) to a
   * response.
   */
  public static HttpResponse fromThrowable(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof ApiException api) {
      return response(
          api.errorCode().httpStatus(), api.errorCode().code(), api.getMessage(), api.details());
    }
    if (cause instanceof RequestTimeoutException) {
      return response(ErrorCode.UNAVAILABLE, "The server did not answer in time; try again");
    }
    if (cause instanceof ContentTooLargeException) {
      return response(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large");
    }
    if (cause instanceof HttpStatusException statusException) {
      int http = statusException.httpStatus().code();
      return response(http, codeForHttpStatus(http), statusException.httpStatus().reasonPhrase());
    }
    if (cause instanceof ResponseCompleteException) {
      // the response already went out (e.g. a 413 sent while the body was arriving): nothing left
      // to say
      return response(ErrorCode.INTERNAL, "Internal error");
    }
    com.google.rpc.Status status = StatusProto.fromThrowable(cause);
    if (status != null) {
      return fromStatus(status);
    }
    Status grpc = Status.fromThrowable(cause);
    if (grpc.getCode() != Status.Code.UNKNOWN) {
      ErrorCode code = ErrorCode.forGrpcCode(grpc.getCode());
      return response(code, safeMessage(code, grpc.getDescription()));
    }
    log.error("Unexpected error in a REST call", cause);
    return response(ErrorCode.INTERNAL, "Internal error");
  }

  private static HttpResponse fromStatus(com.google.rpc.Status status) {
    Status.Code grpcCode = Status.fromCodeValue(status.getCode()).getCode();
    for (var detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          String reason = info.getReason();
          int http =
              ErrorCode.byCode(reason)
                  .map(ErrorCode::httpStatus)
                  .orElseGet(() -> httpStatusOf(grpcCode));
          return response(http, reason, status.getMessage(), info.getMetadataMap());
        } catch (InvalidProtocolBufferException ignored) {
          // fall through to the status code
        }
      }
    }
    ErrorCode code = ErrorCode.forGrpcCode(grpcCode);
    return response(code, safeMessage(code, status.getMessage()));
  }

  /**
   * The error code for an HTTP status Armeria produced itself (no route, wrong method, body too
   * large...).
   */
  public static String codeForHttpStatus(int status) {
    return switch (status) {
      case 400 -> ErrorCode.INVALID_ARGUMENT.code();
      case 404 -> ErrorCode.NOT_FOUND.code();
      case 405 -> "method_not_allowed";
      case 408 -> ErrorCode.REQUEST_TIMEOUT.code();
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
      case 414 -> "uri_too_long";
      case 429 -> ErrorCode.TOO_MANY_ATTEMPTS.code();
      case 431 -> "headers_too_large";
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.code();
      case 503 -> ErrorCode.UNAVAILABLE.code();
      default -> status >= 500 ? ErrorCode.INTERNAL.code() : "http_" + status;
    };
  }

  /**
   * For codes our services did not name (e.g. the face engine's): a sensible HTTP status per gRPC
   * code.
   */
  private static int httpStatusOf(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
      case FAILED_PRECONDITION -> 422;
      default -> ErrorCode.forGrpcCode(code).httpStatus();
    };
  }

  private static String safeMessage(ErrorCode code, String description) {
    if (code == ErrorCode.INTERNAL || description == null || description.isBlank()) {
      return switch (code) {
        case NOT_IMPLEMENTED -> "This operation is not available yet";
        case UNAVAILABLE -> "Service temporarily unavailable";
        default -> "Internal error";
      };
    }
    if (code == ErrorCode.NOT_IMPLEMENTED) {
      return "This operation is not available yet";
    }
    return description;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
