package io.faceattend.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * What the platform did, as counters: punches accepted, refusals by error code, enrolments,
 * lock-outs; and the server-side duration of each whole check-in and check-out (account, geofence,
 * schedule and face checks).
 */
public final class DomainMetrics {

  private static final String CHECK_IN = "faceattend.v1.AttendanceService/CheckIn";
  private static final String CHECK_OUT = "faceattend.v1.AttendanceService/CheckOut";
  private static final String ENROLL = "faceattend.v1.EnrollmentService/Enroll";
  private static final Map<String, String> PUNCHES =
      Map.of(CHECK_IN, "check_in", CHECK_OUT, "check_out");

  private final MeterRegistry registry;
  private final Counter enrolments;
  private final Counter lockouts;

  public DomainMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.enrolments =
        Counter.builder("faceattend.enrollments")
            .description("Enrolments accepted (photos stored " + "for approval)")
            .register(registry);
    this.lockouts =
        Counter.builder("faceattend.lockouts")
            .description("Logins refused as too_many_attempts")
            .register(registry);
  }

  /** One gRPC call ended; {@code code} is the refusal's error code, null when it succeeded. */
  void callCompleted(String method, String code, long nanos) {
    String punch = PUNCHES.get(method);
    if (punch != null) {
      Timer.builder("faceattend.punch.duration")
          .description("A whole check-in or check-out on the server, face verification included")
          .tag("kind", punch)
          .tag("outcome", code == null ? "accepted" : "refused")
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry)
          .record(Duration.ofNanos(nanos));
      if (code == null) {
        Counter.builder("faceattend.punches.accepted")
            .tag("kind", punch)
            .register(registry)
            .increment();
      }
    }
    if (code == null) {
      if (method.equals(ENROLL)) {
        enrolments.increment();
      }
      return;
    }
    Counter.builder("faceattend.refusals")
        .description("Refused calls by documented error code")
        .tag("code", code)
        .tag("rpc", method)
        .register(registry)
        .increment();
    if (code.equals("too_many_attempts")) {
      lockouts.increment();
    }
  }
}
