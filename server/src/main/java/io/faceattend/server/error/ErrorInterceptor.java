package io.faceattend.server.error;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions thrown by service code become the status the caller gets: an
 * {@link ApiException} becomes its code's status with an ErrorInfo, anything unexpected INTERNAL
 * without its details (see {@link GrpcErrors#toStatus(Throwable)}). Service methods therefore just
 * throw; like grpc-java's TransmitStatusRuntimeExceptionInterceptor, it catches what escapes the
 * call's callbacks (a unary method runs in {@code onHalfClose}). Work a service moves to a thread
 * of its own must still report its errors itself.
 */
public final class ErrorInterceptor implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ErrorInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    OnceClosedCall<Q, R> closing = new OnceClosedCall<>(call);
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(closing, headers);
    } catch (RuntimeException e) {
      closing.fail(e);
      return new ServerCall.Listener<>() {};
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        try {
          super.onMessage(message);
        } catch (RuntimeException e) {
          closing.fail(e);
        }
      }

      @Override
      public void onHalfClose() {
        try {
          super.onHalfClose();
        } catch (RuntimeException e) {
          closing.fail(e);
        }
      }

      @Override
      public void onReady() {
        try {
          super.onReady();
        } catch (RuntimeException e) {
          closing.fail(e);
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } catch (RuntimeException e) {
          log.warn("Error in a cancelled call's handler", e);
        }
      }

      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } catch (RuntimeException e) {
          log.warn("Error after a call completed", e);
        }
      }
    };
  }

  /**
   * Remembers whether the call was closed, so a failure after the answer is logged instead of
   * closing twice.
   */
  private static final class OnceClosedCall<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

    private final AtomicBoolean closed = new AtomicBoolean();

    OnceClosedCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (closed.compareAndSet(false, true)) {
        super.close(status, trailers);
      }
    }

    void fail(RuntimeException e) {
      StatusRuntimeException status = GrpcErrors.toStatus(e);
      if (closed.get()) {
        log.warn("Error after the call was answered ({})", status.getStatus().getCode(), e);
        return;
      }
      Metadata trailers = status.getTrailers() == null ? new Metadata() : status.getTrailers();
      close(status.getStatus(), trailers);
    }
  }
}
