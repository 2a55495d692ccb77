package io.faceattend.server.error;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;

/**
 * A listener that runs a check once, on the call's executor, before the first callback reaches the
 * service (interceptors run on the transport thread, where a database check must not run); when the
 * check throws, the call is closed with the translated status and nothing reaches the service.
 */
public final class CheckFirstListener<Q>
    extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

  private final ServerCall<Q, ?> call;
  private final Runnable check;
  private volatile Boolean allowed;

  public CheckFirstListener(
      ServerCall.Listener<Q> delegate, ServerCall<Q, ?> call, Runnable check) {
    super(delegate);
    this.call = call;
    this.check = check;
  }

  private boolean allowed() {
    if (allowed == null) {
      try {
        check.run();
        allowed = true;
      } catch (RuntimeException e) {
        allowed = false;
        close(call, e);
      }
    }
    return allowed;
  }

  /** Ends a call with what {@code e} translates to (status and ErrorInfo trailers). */
  public static void close(ServerCall<?, ?> call, RuntimeException e) {
    StatusRuntimeException status = GrpcErrors.toStatus(e);
    call.close(
        status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
  }

  @Override
  public void onMessage(Q message) {
    if (allowed()) {
      super.onMessage(message);
    }
  }

  @Override
  public void onHalfClose() {
    if (allowed()) {
      super.onHalfClose();
    }
  }

  @Override
  public void onReady() {
    if (allowed()) {
      super.onReady();
    }
  }
}
