package io.faceattend.gateway.observability;

import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestOnlyLog;
import com.linecorp.armeria.common.metric.MeterIdPrefix;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.zaxxer.hikari.HikariDataSource;
import io.faceattend.face.FaceEngine;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.face.FaceAdmission;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus registry and what feeds it: HTTP and gRPC request metrics labelled by route
 * template (REST) or method (gRPC), JVM and process metrics, the HikariCP pool, and per-stage
 * face-pipeline histograms (each stage but decode is one ONNX Runtime session, so these are the
 * sessions' latencies too).
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry = PrometheusMeterRegistries.newRegistry();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public Metrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Binds the platform's pool and, when it runs here, its face engine. */
  public void bind(FaceAttendPlatform platform) {
    if (platform.database().dataSource() instanceof HikariDataSource pool
        && pool.getMetricRegistry() == null) {
      pool.setMetricRegistry(
          registry); // hikaricp_connections_* (active, idle, pending, timeouts, usage)
    }
    platform.localFaceEngine().ifPresent(this::bind);
    FaceAdmission admission = platform.faceAdmission();
    Gauge.builder("faceattend.face.in_flight", admission, FaceAdmission::inFlight)
        .description("Face engine calls running or waiting in this node's bounded queue")
        .register(registry);
    // this node's CPU spent inside face engine calls (all of the pipeline with the engine in
    // process): the rest of the process's CPU is the cost of everything around the pipeline
    FunctionTimer.builder(
            "faceattend.face.cpu.duration",
            admission,
            FaceAdmission::calls,
            FaceAdmission::cpuNanos,
            TimeUnit.NANOSECONDS)
        .description("CPU time of this node's threads inside face engine calls")
        .register(registry);
  }

  private void bind(FaceEngine engine) {
    Map<String, Timer> timers = new ConcurrentHashMap<>();
    engine.setStageListener(
        (stage, nanos) ->
            timers
                .computeIfAbsent(
                    stage,
                    name ->
                        Timer.builder("faceattend.face.stage.duration")
                            .description(
                                "Face pipeline stage: decode, detect, landmarks, pose, eyes, liveness, embed")
                            .tag("stage", name)
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1))
                            .maximumExpectedValue(Duration.ofSeconds(10))
                            .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS));
  }

  /**
   * {@code faceattend_http_*} series tagged with the route template ({@code
   * /api/attendance/check-in}) or the gRPC method ({@code /faceattend.v1.AuthService/Login}), the
   * HTTP method, and on completion the status.
   */
  public static MeterIdPrefixFunction httpMeterIds() {
    return new MeterIdPrefixFunction() {
      @Override
      public MeterIdPrefix activeRequestPrefix(MeterRegistry registry, RequestOnlyLog log) {
        return new MeterIdPrefix("faceattend.http", baseTags(log));
      }

      @Override
      public MeterIdPrefix completeRequestPrefix(MeterRegistry registry, RequestLog log) {
        List<Tag> tags = baseTags(log);
        tags.add(Tag.of("status", Integer.toString(log.responseHeaders().status().code())));
        String grpcStatus = log.responseTrailers().get("grpc-status");
        if (grpcStatus == null) {
          grpcStatus = log.responseHeaders().get("grpc-status");
        }
        tags.add(Tag.of("grpc_status", grpcStatus == null ? "" : grpcStatus));
        return new MeterIdPrefix("faceattend.http", tags);
      }
    };
  }

  private static List<Tag> baseTags(RequestOnlyLog log) {
    List<Tag> tags = new ArrayList<>();
    String route =
        log.context() instanceof ServiceRequestContext ctx ? AccessLog.route(ctx) : "unknown";
    tags.add(Tag.of("route", route));
    tags.add(Tag.of("method", log.context().method().name()));
    return tags;
  }

  public void close() {
    gc.close();
  }
}
