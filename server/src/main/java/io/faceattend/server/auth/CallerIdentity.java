package io.faceattend.server.auth;

/**
 * Who is calling an RPC, as checked by {@link AuthInterceptor} for this call: a signed-in user ({@link Principal},
 * with a role) or a machine credential ({@link MachinePrincipal}, with scopes and perhaps a site). Code that
 * serves both kinds reads this; code for users only reads {@link Principal#current()}.
 */
public sealed interface CallerIdentity permits Principal, MachinePrincipal {

  /** The authenticated caller of the RPC being served. */
  static CallerIdentity current() {
    return CallContext.identity();
  }
}
