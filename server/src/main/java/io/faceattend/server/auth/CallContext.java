package io.faceattend.server.auth;

import io.grpc.Context;

/** gRPC context keys set by {@link AuthInterceptor}, read through {@link CallerIdentity} and {@link CallerInfo}. */
final class CallContext {

  static final Context.Key<CallerInfo> CALLER = Context.key("faceattend-caller");
  static final Context.Key<IdentitySlot> IDENTITY = Context.key("faceattend-identity");

  private CallContext() {}

  static CallerInfo caller() {
    CallerInfo caller = CALLER.get();
    return caller == null ? CallerInfo.UNKNOWN : caller;
  }

  static CallerIdentity identity() {
    IdentitySlot slot = IDENTITY.get();
    if (slot == null || slot.identity == null) {
      throw new IllegalStateException("No authenticated caller in this call (public RPC?)");
    }
    return slot.identity;
  }

  /** Filled once the credential check of the call has passed (on the call's executor, not the event loop). */
  static final class IdentitySlot {
    volatile CallerIdentity identity;
  }
}
