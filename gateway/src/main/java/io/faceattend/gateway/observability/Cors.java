package io.faceattend.gateway.observability;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.cors.CorsService;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Cross-origin access for browser apps on the configured origins ({@code FACEATTEND_CORS_ORIGINS}):
 * REST and gRPC-Web (Connect's grpc-web transport) with their request headers, preflights answered
 * by Armeria's CorsService per the Fetch spec; an origin not listed gets no CORS headers, so the
 * browser refuses.
 */
public final class Cors {

  private Cors() {}

  public static Function<? super HttpService, ? extends HttpService> decorator(
      List<String> origins) {
    return CorsService.builder(origins)
        .allowRequestMethods(
            HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
        .allowRequestHeaders(
            "authorization",
            "content-type",
            "idempotency-key",
            RequestIds.HEADER,
            // gRPC-Web and Connect
            "x-grpc-web",
            "x-user-agent",
            "grpc-timeout",
            "connect-protocol-version",
            "connect-timeout-ms")
        .exposeHeaders(
            RequestIds.HEADER,
            "retry-after",
            "content-disposition",
            "grpc-status",
            "grpc-message",
            "grpc-status-details-bin")
        .maxAge(Duration.ofMinutes(10))
        .newDecorator();
  }
}
