package io.faceattend.gateway.observability;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outermost decorator: gives each request its id ({@link RequestIds}), returns it in {@code
 * X-Request-Id}, hands it to the services in the request headers, and writes one access line when
 * the response is complete: ISO-8601 time, method, route template, status (and gRPC status),
 * duration, request id, user id when known, client address. In JSON format each of these is its own
 * field.
 */
public final class AccessLog implements DecoratingHttpServiceFunction {

  private static final Logger log = LoggerFactory.getLogger(Logs.ACCESS_LOGGER);
  private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

  /**
   * User ids learnt by {@link CallObserver} from authenticated calls, until the access line is
   * written.
   */
  private final Map<String, Long> userIds = new ConcurrentHashMap<>();

  void rememberUser(String requestId, long userId) {
    userIds.put(requestId, userId);
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    String requestId = RequestIds.acceptOrGenerate(req.headers().get(RequestIds.HEADER));
    ctx.setAttr(RequestIds.ATTRIBUTE, requestId);
    ctx.mutateAdditionalResponseHeaders(headers -> headers.set(RequestIds.HEADER, requestId));
    HttpRequest withId =
        req.withHeaders(req.headers().toBuilder().set(RequestIds.HEADER, requestId).build());
    ctx.updateRequest(withId);
    ctx.log().whenComplete().thenAccept(complete -> write(ctx, complete, requestId));
    return delegate.serve(ctx, withId);
  }

  private void write(ServiceRequestContext ctx, RequestLog complete, String requestId) {
    Long userId = userIds.remove(requestId);
    if (!log.isInfoEnabled()) {
      return;
    }
    String route = route(ctx);
    int status = complete.responseHeaders().status().code();
    String grpcStatus = complete.responseTrailers().get("grpc-status");
    if (grpcStatus == null) {
      grpcStatus = complete.responseHeaders().get("grpc-status");
    }
    long millis = complete.totalDurationNanos() / 1_000_000;
    String client = ctx.clientAddress().getHostAddress();
    String time =
        OffsetDateTime.ofInstant(
                Instant.ofEpochMilli(complete.requestStartTimeMillis()), ZoneOffset.UTC)
            .toString();
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      log.atInfo()
          .addKeyValue("time", time)
          .addKeyValue("method", ctx.method().name())
          .addKeyValue("route", route)
          .addKeyValue("status", status)
          .addKeyValue("grpc_status", grpcStatus)
          .addKeyValue("duration_ms", millis)
          .addKeyValue("request_id", requestId)
          .addKeyValue("user_id", userId)
          .addKeyValue("client", client)
          .log(
              "{} {} {} {}{} {} ms request_id={} user_id={} client={}",
              time,
              ctx.method(),
              route,
              status,
              grpcStatus == null ? "" : " grpc-status=" + grpcStatus,
              millis,
              requestId,
              userId == null ? "-" : userId,
              client);
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /**
   * The route's template ({@code /api/admin/users/{id}}, {@code /faceattend.v1.AuthService/Login}).
   */
  static String route(ServiceRequestContext ctx) {
    return PATH_PARAM.matcher(ctx.config().route().patternString()).replaceAll("{$1}");
  }
}
