package io.faceattend.gateway;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.common.util.BlockingTaskExecutor;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import com.linecorp.armeria.server.VirtualHostBuilder;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;
import io.faceattend.gateway.console.ConsoleService;
import io.faceattend.gateway.export.AttendanceExport;
import io.faceattend.gateway.export.PersonalDataExport;
import io.faceattend.gateway.observability.AccessLog;
import io.faceattend.gateway.observability.CallObserver;
import io.faceattend.gateway.observability.Cors;
import io.faceattend.gateway.observability.DomainMetrics;
import io.faceattend.gateway.observability.Metrics;
import io.faceattend.gateway.rest.EventStream;
import io.faceattend.gateway.rest.InProcessChannel;
import io.faceattend.gateway.rest.OpenApiDocument;
import io.faceattend.gateway.rest.RestAdapter;
import io.faceattend.gateway.rest.RestErrors;
import io.faceattend.gateway.rest.RestRoute;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.error.ErrorCode;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single HTTP port: gRPC and gRPC-Web for the services, the REST routes of the contract, {@code
 * /api/health}, the gRPC health service, Prometheus metrics at {@code /metrics} and the API browser
 * at {@code /docs}.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /**
   * JSON bodies are small; routes that take photos allow uploads (several photos of up to 10 MB
   * each).
   */
  private static final long MAX_JSON_BODY_BYTES = 64 * 1024;

  private static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

  private final Server server;
  private final RestAdapter rest;

  private Gateway(Server server, RestAdapter rest) {
    this.server = server;
    this.rest = rest;
  }

  public static Gateway start(FaceAttendPlatform platform, int port) {
    return start(platform, List.of(), port);
  }

  /**
   * Starts serving {@code platform}'s services plus {@code extraServices} (e.g. the face engine) on
   * {@code port}.
   */
  public static Gateway start(
      FaceAttendPlatform platform, List<ServerServiceDefinition> extraServices, int port) {
    return start(platform, extraServices, port, GatewayConfig.DEFAULT);
  }

  /** As above, with the gateway's settings: management port, CORS origins. */
  public static Gateway start(
      FaceAttendPlatform platform,
      List<ServerServiceDefinition> extraServices,
      int port,
      GatewayConfig config) {
    Metrics metrics = new Metrics();
    metrics.bind(platform);
    AccessLog accessLog = new AccessLog();
    CallObserver observer = new CallObserver(accessLog, new DomainMetrics(metrics.registry()));
    List<ServerServiceDefinition> services = new ArrayList<>();
    for (ServerServiceDefinition service : platform.services(observer.authenticated())) {
      services.add(ServerInterceptors.intercept(service, observer));
    }
    for (ServerServiceDefinition service : extraServices) {
      services.add(ServerInterceptors.intercept(service, observer));
    }
    // one pool per gateway, shut down with it (BlockingTaskExecutor.of() is process-wide)
    BlockingTaskExecutor blocking =
        BlockingTaskExecutor.builder()
            .threadNamePrefix("faceattend-blocking")
            .numThreads(64)
            .daemon(true)
            .build();
    // the REST routes and the export share one in-process hop to the services
    InProcessChannel inProcess = InProcessChannel.start(services, blocking);
    RestAdapter rest = RestAdapter.start(services, inProcess);

    PrometheusMeterRegistry meters = metrics.registry();
    ServerBuilder sb = Server.builder();
    if (config.tls().isPresent()) {
      // HTTPS, and gRPC over TLS (HTTP/2 by ALPN), on the same one port
      sb.https(port)
          .tls(
              com.linecorp.armeria.common.TlsKeyPair.of(
                  config.tls().get().privateKey().toFile(),
                  config.tls().get().certificate().toFile()));
    } else {
      sb.http(port);
    }
    sb.meterRegistry(meters)
        .blockingTaskExecutor(blocking, true)
        .errorHandler(new JsonErrorHandler())
        // gRPC calls carry photos too (enrolment: up to 5); JSON routes set their own small
        // limit below
        .maxRequestLength(MAX_UPLOAD_BYTES)
        .gracefulShutdownTimeoutMillis(2_000, 10_000);
    config.managementPort().ifPresent(sb::http);

    // reflection lists the services: with a management port, only there
    sb.service(grpcService(services, config.managementPort().isEmpty()));

    // non-JSON exports first: they share their path with the JSON route and win when format says so
    AttendanceExport export = new AttendanceExport(inProcess);
    // a year of a large organisation takes minutes to write: not Armeria's 10 s default (rows
    // stream meanwhile)
    Duration exportTimeout = Duration.ofMinutes(30);
    for (String format : List.of("csv", "xlsx", "pdf")) {
      sb.route()
          .get("/api/reports/attendance")
          .matchesParams("format=" + format)
          .requestTimeout(exportTimeout)
          .build(export);
    }
    sb.serverListener(
        ServerListener.builder()
            .whenStopped(
                unused -> {
                  inProcess.close();
                  metrics.close();
                })
            .build());
    // the live event feed for dashboards (ReportService.WatchEvents as server-sent events)
    sb.route()
        .get(EventStream.PATH)
        .requestTimeout(Duration.ZERO)
        .build(new EventStream(inProcess));
    // the GDPR exports are contract routes answered with a ZIP instead of JSON
    HttpService personalExport = new PersonalDataExport(inProcess);
    for (RestRoute route : rest.routes()) {
      sb.route()
          .methods(route.method())
          .path(route.path())
          .maxRequestLength(rest.acceptsUploads(route) ? MAX_UPLOAD_BYTES : MAX_JSON_BODY_BYTES)
          .requestTimeout(rest.timeoutFor(route))
          .build(
              PersonalDataExport.PATHS.contains(route.path())
                  ? personalExport
                  : rest.serviceFor(route));
    }
    sb.service(
        "/api/health",
        (ctx, req) ->
            HttpResponse.of(
                CompletableFuture.supplyAsync(() -> health(platform), ctx.blockingTaskExecutor())));
    byte[] openApi =
        OpenApiDocument.build(rest.routeInfos()).toPrettyString().getBytes(StandardCharsets.UTF_8);
    sb.service(
        "/api/openapi.json",
        (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, openApi));
    if (config.managementPort().isPresent()) {
      VirtualHostBuilder management = sb.virtualHost(config.managementPort().get());
      management.service(grpcService(services, true));
      addManagement(management::service, management::serviceUnder, meters);
    } else {
      addManagement(sb::service, sb::serviceUnder, meters);
    }
    ConsoleService.addTo(sb);
    sb.decorator(MetricCollectingService.newDecorator(Metrics.httpMeterIds()));
    if (!config.corsOrigins().isEmpty()) {
      sb.decorator(Cors.decorator(config.corsOrigins()));
    }
    if (config.tls().isPresent()) {
      // browsers that saw HTTPS once never fall back to plain HTTP for this host
      sb.decorator(
          (delegate, ctx, req) -> {
            ctx.addAdditionalResponseHeader(
                com.linecorp.armeria.common.HttpHeaderNames.STRICT_TRANSPORT_SECURITY,
                "max-age=31536000");
            return delegate.serve(ctx, req);
          });
    }
    sb.decorator(accessLog); // outermost: every request gets its id and its access line

    Server server = sb.build();
    server.start().join();
    log.info(
        "FaceAttend gateway listening on port {} ({}: REST /api, gRPC, gRPC-Web{}){}{}",
        server.activeLocalPort(),
        config.tls().isPresent() ? "HTTPS" : "HTTP",
        config.managementPort().isPresent() ? "" : ", /docs, /metrics",
        config
            .managementPort()
            .map(p -> "; management port " + p + " (/metrics, /docs, gRPC reflection)")
            .orElse(""),
        config.corsOrigins().isEmpty()
            ? ""
            : "; CORS for " + String.join(", ", config.corsOrigins()));
    return new Gateway(server, rest);
  }

  /** gRPC and gRPC-Web for the services, with the health service, and reflection where asked. */
  private static GrpcService grpcService(
      List<ServerServiceDefinition> services, boolean withReflection) {
    GrpcServiceBuilder grpc =
        GrpcService.builder()
            .supportedSerializationFormats(GrpcSerializationFormats.values()) // gRPC and gRPC-Web
            .useBlockingTaskExecutor(true) // services use JDBC
            .maxRequestMessageLength((int) MAX_UPLOAD_BYTES)
            .maxResponseMessageLength((int) MAX_UPLOAD_BYTES)
            .addService(GrpcHealthCheckService.builder().build());
    if (withReflection) {
      grpc.addService(ProtoReflectionServiceV1.newInstance());
    }
    services.forEach(grpc::addService);
    return grpc.build();
  }

  /**
   * {@code /metrics} and {@code /docs}: on the public port by default, else on the management port
   * only.
   */
  private static void addManagement(
      BiConsumer<String, HttpService> service,
      BiConsumer<String, HttpService> serviceUnder,
      PrometheusMeterRegistry meters) {
    service.accept("/metrics", PrometheusExpositionService.of(meters.getPrometheusRegistry()));
    serviceUnder.accept(
        "/docs",
        DocService.builder()
            // the REST routes are not gRPC methods: point from the gRPC browser to their OpenAPI
            // description
            .injectedScripts(
                "window.addEventListener('load',function(){var a=document.createElement('a');"
                    + "a.href='/api/openapi.json';a.textContent='REST API: OpenAPI 3 (/api/openapi.json)';"
                    + "a.setAttribute('style','position:fixed;bottom:12px;right:16px;z-index:9999;');"
                    + "document.body.appendChild(a);});")
            .build());
  }

  private static HttpResponse health(FaceAttendPlatform platform) {
    try {
      platform.database().dsl().selectOne().fetch();
      return HttpResponse.of(
          HttpStatus.OK,
          MediaType.JSON_UTF_8,
          "{\"success\":true,\"status\":\"up\",\"database\":\"up\"}"
              .getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      log.warn("Health check: database unreachable", e);
      return RestErrors.response(ErrorCode.UNAVAILABLE, "Database unreachable");
    }
  }

  public int port() {
    return server.activeLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port());
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
