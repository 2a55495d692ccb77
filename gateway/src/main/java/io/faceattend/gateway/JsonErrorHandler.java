package io.faceattend.gateway;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.faceattend.gateway.rest.RestErrors;
import io.faceattend.gateway.rest.SeedJson;

/**
 * Errors Armeria itself produces get the REST error body instead of Armeria's plain-text pages: no
 * such route, wrong method, body too large, an exception escaping a service, a request timeout (408
 * when the body did not arrive in time, 503 when the service did not answer in time), and the
 * protocol errors raised before a request has a route or even headers (431 headers too large, 414
 * URI too long, 400 bad path or undecodable request). gRPC calls, the API browser and the metrics
 * keep Armeria's own answers.
 */
final class JsonErrorHandler implements ServerErrorHandler {

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (!isJson(ctx.request().headers())) {
      return null; // Armeria's default for gRPC, docs, metrics
    }
    if (cause instanceof RequestTimeoutException) {
      return null; // Armeria's default picks 408 or 503, and renders it through renderStatus below
    }
    return RestErrors.fromThrowable(cause);
  }

  @Override
  public AggregatedHttpResponse renderStatus(
      ServiceRequestContext ctx,
      ServiceConfig config,
      RequestHeaders headers,
      HttpStatus status,
      String description,
      Throwable cause) {
    if (headers != null && !isJson(headers)) {
      return null;
    }
    String code = RestErrors.codeForHttpStatus(status.code());
    String message =
        switch (status.code()) {
          case 404 ->
              headers == null
                  ? "No such route"
                  : "No such route: "
                      + headers.method()
                      + " "
                      + headers.path().replaceAll("\\?.*", "");
          case 405 ->
              headers == null
                  ? "Method not allowed"
                  : "Method " + headers.method() + " is not allowed here";
          case 408 -> "The request did not arrive in time";
          case 413 -> "The request body is too large";
          case 414 -> "The request URI is too long";
          case 431 -> "The request headers are too large";
          case 503 -> "The server did not answer in time; try again";
          default -> status.reasonPhrase();
        };
    return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, SeedJson.error(code, message));
  }

  /**
   * Whether the caller gets JSON errors: everything but gRPC calls and the non-JSON pages. A
   * request whose headers could not even be read (431, 414, a bad path) is answered in JSON too:
   * the API is JSON.
   */
  private static boolean isJson(RequestHeaders headers) {
    MediaType type = headers.contentType();
    if (type != null && type.subtype().startsWith("grpc")) {
      return false;
    }
    String path = headers.path();
    return path == null || !(path.startsWith("/docs") || path.equals("/metrics"));
  }
}
