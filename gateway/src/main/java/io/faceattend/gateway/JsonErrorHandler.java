package io.faceattend.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
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
    return RestErrors.fromThrowable(cause);
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
      RequestHeaders headers, HttpStatus status, String description, Throwable cause) {
    if (headers == null || !isApi(headers.path())) {
      return null;
    }
    String code = RestErrors.codeForHttpStatus(status.code());
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
