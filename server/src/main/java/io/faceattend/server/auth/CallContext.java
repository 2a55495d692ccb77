package io.faceattend.server.auth;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.grpc.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * gRPC context keys set by {@link AuthInterceptor}, read through {@link Caller} and {@link
 * CallerIdentity}.
 */
final class CallContext {

  static final Context.Key<Caller.Origin> ORIGIN = Context.key("faceattend-origin");
  static final Context.Key<IdentitySlot> CALLER = Context.key("faceattend-caller");

  private CallContext() {}

  static Caller.Origin origin() {
    Caller.Origin origin = ORIGIN.get();
    return origin == null ? Caller.Origin.UNKNOWN : origin;
  }

  static CallerIdentity identity() {
    IdentitySlot slot = CALLER.get();
    if (slot == null || slot.identity == null) {
      throw new IllegalStateException("No authenticated caller in this call (public RPC?)");
    }
    return slot.identity;
  }

  static Optional<CallerIdentity> identityIfAny() {
    IdentitySlot slot = CALLER.get();
    return Optional.ofNullable(slot == null ? null : slot.identity);
  }

  /** When the access token of the call expires; null for public RPCs and API keys. */
  static final Context.Key<Instant> TOKEN_EXPIRES = Context.key("faceattend-token-expires");

  static Caller caller() {
    if (identity() instanceof Caller user) {
      return user;
    }
    throw new ApiException(
        ErrorCode.FORBIDDEN, "This action needs a signed-in user, not an API key");
  }

  /**
   * The signed-in user of the call, or null (public RPC, outside a call, or a machine credential).
   */
  static Caller callerIfAny() {
    IdentitySlot slot = CALLER.get();
    return slot != null && slot.identity instanceof Caller user ? user : null;
  }

  /**
   * Filled once the credential check of the call has passed (on the call's executor, not the event
   * loop).
   */
  static final class IdentitySlot {
    volatile CallerIdentity identity;
  }
}
