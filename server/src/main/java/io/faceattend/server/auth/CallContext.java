package io.faceattend.server.auth;

import io.grpc.Context;

/** gRPC context keys set by {@link AuthInterceptor}, read through {@link Caller}. */
final class CallContext {

  static final Context.Key<Caller.Origin> ORIGIN = Context.key("faceattend-origin");
  static final Context.Key<CallerSlot> CALLER = Context.key("faceattend-caller");

  private CallContext() {}

  static Caller.Origin origin() {
    Caller.Origin origin = ORIGIN.get();
    return origin == null ? Caller.Origin.UNKNOWN : origin;
  }

  static Caller caller() {
    CallerSlot slot = CALLER.get();
    if (slot == null || slot.caller == null) {
      throw new IllegalStateException("No authenticated caller in this call (public RPC?)");
    }
    return slot.caller;
  }

  static Caller callerIfAny() {
    CallerSlot slot = CALLER.get();
    return slot == null ? null : slot.caller;
  }

  /** Filled once the session check of the call has passed (on the call's executor, not the event loop). */
  static final class CallerSlot {
    volatile Caller caller;
  }
}
