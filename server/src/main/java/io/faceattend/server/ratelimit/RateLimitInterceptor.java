package io.faceattend.server.ratelimit;

import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.CallerIdentity;
import io.faceattend.server.auth.MachinePrincipal;
import io.faceattend.server.error.CheckFirstListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the rate limit of each RPC's category. It sits just inside the auth interceptor, so it
 * counts on the call's executor (not the event loop) once the caller is known: every call counts
 * against its client address, and a signed-in user's or API key's call against that account too, so
 * one account cannot spread its requests over many addresses, nor one address over many accounts. A
 * public RPC (login) counts against the address only: the owner signing in from elsewhere is not
 * blocked by somebody guessing at their account.
 */
public record RateLimitInterceptor(RateLimiter limiter) implements ServerInterceptor {

  private static final String PACKAGE = "faceattend.v1.";

  /** Sign-in and account creation. */
  private static final Set<String> AUTHENTICATION =
      Set.of(
          "AuthService/Login",
          "AuthService/Refresh",
          "AuthService/Register",
          "AuthService/VerifyEmail",
          "IdentificationService/FaceLogin");

  /** Everything that runs a face through the engine. */
  private static final Set<String> FACE_SERVICES = Set.of("FaceEngineService");

  private static final Set<String> FACE_VERIFICATION =
      Set.of(
          "AttendanceService/CheckIn",
          "AttendanceService/CheckOut",
          "EnrollmentService/Enroll",
          "IdentificationService/Identify",
          "KioskService/KioskPunch");

  /** The category of a gRPC method ({@code faceattend.v1.Service/Method}). */
  public static RateLimitSettings.Category categoryOf(String fullMethodName) {
    String name =
        fullMethodName.startsWith(PACKAGE)
            ? fullMethodName.substring(PACKAGE.length())
            : fullMethodName;
    String service = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
    if (AUTHENTICATION.contains(name)) {
      return RateLimitSettings.Category.AUTHENTICATION;
    }
    if (FACE_VERIFICATION.contains(name) || FACE_SERVICES.contains(service)) {
      return RateLimitSettings.Category.FACE_VERIFICATION;
    }
    if (service.equals("ReportService")) {
      return RateLimitSettings.Category.REPORTS;
    }
    return RateLimitSettings.Category.GENERAL;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    RateLimitSettings.Category category =
        categoryOf(call.getMethodDescriptor().getFullMethodName());
    if (limiter.settings().of(category).isEmpty()) {
      return next.startCall(call, headers);
    }
    // counted at the first callback (on the call's executor: the limiter writes to PostgreSQL)
    return new CheckFirstListener<>(
        next.startCall(call, headers), call, () -> limiter.hit(category, subjects()));
  }

  /** Who the call counts against: its address, and its account once signed in. */
  private static List<String> subjects() {
    List<String> subjects = new ArrayList<>(2);
    String ip = Caller.origin().clientIp();
    subjects.add("ip:" + (ip == null ? "unknown" : ip));
    CallerIdentity identity = CallerIdentity.currentIfAny().orElse(null);
    if (identity instanceof Caller user && user.userId() != 0) {
      subjects.add("user:" + user.userId());
    } else if (identity instanceof MachinePrincipal machine) {
      subjects.add("key:" + machine.apiKeyId());
    }
    return subjects;
  }
}
