package io.faceattend.server.auth;

import java.util.Optional;

/**
 * Who is calling an RPC, as checked by {@link AuthInterceptor} for this call: a signed-in user
 * ({@link Caller}, with a role) or a machine credential ({@link MachinePrincipal}, with scopes and
 * perhaps a site). Code that serves both kinds reads this; code for users only reads {@link
 * Caller#current()}.
 */
public sealed interface CallerIdentity permits Caller, MachinePrincipal {

  /** The authenticated caller of the RPC being served. */
  static CallerIdentity current() {
    return CallContext.identity();
  }

  /** The authenticated caller of the RPC being served; empty on public RPCs and outside a call. */
  static Optional<CallerIdentity> currentIfAny() {
    return CallContext.identityIfAny();
  }
}
