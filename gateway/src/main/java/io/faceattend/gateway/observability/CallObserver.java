package io.faceattend.gateway.observability;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.faceattend.server.auth.Caller;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wraps every gRPC service (called directly, over gRPC-Web, or by the REST adapter): puts the
 * request id in the MDC while the service's code runs on its executor thread, tells the access log
 * who the caller was, logs security events (never photos, templates, tokens or passwords: only the
 * event, the login name or user id, and the client address) and feeds the domain counters.
 */
public final class CallObserver implements ServerInterceptor {

  private static final Logger security = LoggerFactory.getLogger(Logs.SECURITY_LOGGER);
  private static final String LOGIN = "faceattend.v1.AuthService/Login";

  /** Refusals worth a security line: who tried what, from where. */
  private static final Set<String> SECURITY_CODES =
      Set.of(
          "invalid_credentials",
          "too_many_attempts",
          "refresh_token_reused",
          "liveness_failed",
          "face_mismatch",
          "account_blocked",
          "forbidden",
          "token_revoked");

  /**
   * Per call: the signed-in user's id, filled by {@link #authenticated()} once the auth interceptor
   * passed.
   */
  private static final Context.Key<AtomicLong> USER = Context.key("faceattend-observed-user");

  private final AccessLog accessLog;
  private final DomainMetrics metrics;

  public CallObserver(AccessLog accessLog, DomainMetrics metrics) {
    this.accessLog = accessLog;
    this.metrics = metrics;
  }

  /**
   * The inner half, installed just inside the auth interceptor ({@code
   * FaceAttendPlatform.services(inner)}): there the caller is known, whatever later closes the call
   * (the service, or the error interceptor outside).
   */
  public ServerInterceptor authenticated() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        AtomicLong user = USER.get();
        ServerCall.Listener<Q> listener = next.startCall(call, headers);
        if (user == null) {
          return listener;
        }
        // the auth interceptor checks the session on the call's executor: the caller is known in
        // the callbacks
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
          @Override
          public void onMessage(Q message) {
            Caller.currentIfAny().ifPresent(caller -> user.set(caller.userId()));
            super.onMessage(message);
          }

          @Override
          public void onHalfClose() {
            Caller.currentIfAny().ifPresent(caller -> user.set(caller.userId()));
            super.onHalfClose();
          }
        };
      }
    };
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String requestId = headers.get(RequestIds.METADATA);
    String method = call.getMethodDescriptor().getFullMethodName();
    long started = System.nanoTime();
    String[] loginName = new String[1];
    AtomicLong user = new AtomicLong();
    ServerCall<Q, R> observed =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            Long userId = user.get() == 0 ? null : user.get();
            if (requestId != null && userId != null) {
              accessLog.rememberUser(requestId, userId);
            }
            String code = status.isOk() ? null : errorCode(status, trailers);
            metrics.callCompleted(method, code, System.nanoTime() - started);
            if (code != null && SECURITY_CODES.contains(code)) {
              securityEvent(method, code, userId, loginName[0]);
            }
            super.close(status, trailers);
          }
        };
    ServerCall.Listener<Q> listener =
        inMdc(
            requestId,
            () ->
                Contexts.interceptCall(
                    Context.current().withValue(USER, user), observed, headers, next));
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        if (method.equals(LOGIN) && message instanceof Message m) {
          loginName[0] = field(m, "username");
        }
        inMdc(
            requestId,
            () -> {
              super.onMessage(message);
              return null;
            });
      }

      @Override
      public void onHalfClose() {
        inMdc(
            requestId,
            () -> {
              super.onHalfClose();
              return null;
            });
      }

      @Override
      public void onCancel() {
        inMdc(
            requestId,
            () -> {
              super.onCancel();
              return null;
            });
      }

      @Override
      public void onComplete() {
        inMdc(
            requestId,
            () -> {
              super.onComplete();
              return null;
            });
      }

      @Override
      public void onReady() {
        inMdc(
            requestId,
            () -> {
              super.onReady();
              return null;
            });
      }
    };
  }

  private static void securityEvent(String method, String code, Long userId, String loginName) {
    String event =
        switch (code) {
          case "invalid_credentials" -> "login_failed";
          case "too_many_attempts" -> "login_locked_out";
          case "refresh_token_reused" -> "refresh_token_reused";
          case "liveness_failed" -> "liveness_refused";
          case "face_mismatch" -> "face_mismatch";
          default -> "access_denied";
        };
    String client = Caller.origin().clientIp();
    security
        .atWarn()
        .addKeyValue("event", event)
        .addKeyValue("rpc", method)
        .addKeyValue("user_id", userId)
        .addKeyValue("login", loginName)
        .addKeyValue("client", client)
        .log(
            "security event={} rpc={} user_id={} login={} client={}",
            event,
            method,
            userId == null ? "-" : userId,
            loginName == null ? "-" : loginName,
            client == null ? "-" : client);
  }

  /**
   * The {@code google.rpc.ErrorInfo} reason of a refusal (the documented error code), else the
   * status code.
   */
  static String errorCode(Status status, Metadata trailers) {
    com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
    for (Any any : details.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        try {
          return any.unpack(ErrorInfo.class).getReason();
        } catch (InvalidProtocolBufferException e) {
          break;
        }
      }
    }
    return status.getCode().name().toLowerCase(Locale.ROOT);
  }

  private static String field(Message message, String name) {
    Descriptors.FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
    if (field == null || field.getJavaType() != Descriptors.FieldDescriptor.JavaType.STRING) {
      return null;
    }
    String value = (String) message.getField(field);
    // a login name, not free text: keep log lines one line and short
    return (value.length() > 64 ? value.substring(0, 64) : value).replaceAll("\\p{Cntrl}", "?");
  }

  private static <T> T inMdc(String requestId, Supplier<T> work) {
    if (requestId == null) {
      return work.get();
    }
    String previous = MDC.get(RequestIds.MDC_KEY);
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        MDC.remove(RequestIds.MDC_KEY);
      } else {
        MDC.put(RequestIds.MDC_KEY, previous);
      }
    }
  }
}
