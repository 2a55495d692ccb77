package io.faceattend.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.faceattend.gateway.rest.RestErrors;
import io.faceattend.gateway.rest.SeedJson;
import io.faceattend.server.error.ErrorCode;

/**
 * Errors Armeria itself produces (no such route, wrong method, body too large, an exception escaping a
 * service) get the REST error body under /api/ instead of Armeria's plain-text pages.
 */
final class JsonErrorHandler implements ServerErrorHandler {

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (!isApi(ctx.path())) {
      return null; // Armeria's default for gRPC, docs, metrics
    }
    if (cause instanceof ContentTooLargeException) {
      return RestErrors.response(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large");
    }
    return RestErrors.fromThrowable(cause);
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
      RequestHeaders headers, HttpStatus status, String description, Throwable cause) {
    if (headers == null || !isApi(headers.path())) {
      return null;
    }
    String code = switch (status.code()) {
      case 404 -> ErrorCode.NOT_FOUND.code();
      case 405 -> "method_not_allowed";
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.code();
      case 400 -> ErrorCode.INVALID_ARGUMENT.code();
      case 503 -> ErrorCode.UNAVAILABLE.code();
      default -> status.code() >= 500 ? ErrorCode.INTERNAL.code() : "http_" + status.code();
    };
    String message = switch (status.code()) {
      case 404 -> "No such route: " + headers.method() + " " + headers.path().replaceAll("\\?.*", "");
      case 405 -> "Method " + headers.method() + " is not allowed here";
      case 413 -> "The request body is too large";
      default -> status.reasonPhrase();
    };
    return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, SeedJson.error(code, message));
  }

  private static boolean isApi(String path) {
    return path != null && path.startsWith("/api/");
  }
}
