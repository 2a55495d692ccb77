package io.faceattend.server.auth;

import io.grpc.Context;

/** gRPC context keys set by {@link AuthInterceptor}, read through {@link Principal} and {@link CallerInfo}. */
final class CallContext {

  static final Context.Key<CallerInfo> CALLER = Context.key("faceattend-caller");
  static final Context.Key<PrincipalSlot> PRINCIPAL = Context.key("faceattend-principal");

  private CallContext() {}

  static CallerInfo caller() {
    CallerInfo caller = CALLER.get();
    return caller == null ? CallerInfo.UNKNOWN : caller;
  }

  static Principal principal() {
    PrincipalSlot slot = PRINCIPAL.get();
    if (slot == null || slot.principal == null) {
      throw new IllegalStateException("No authenticated principal in this call (public RPC?)");
    }
    return slot.principal;
  }

  /** Filled once the session check of the call has passed (on the call's executor, not the event loop). */
  static final class PrincipalSlot {
    volatile Principal principal;
  }
}
