package io.faceattend.server.auth;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.users.UserStatus;
import java.util.UUID;

/** The signed-in caller of an RPC, as checked against the database for this call. */
public record Principal(long userId, UUID sessionId, Role role, UserStatus status) {

  /** The caller of the RPC being served. */
  public static Principal current() {
    return CallContext.principal();
  }

  /** The caller of the RPC being served once authenticated; empty for public RPCs and outside a call. */
  public static java.util.Optional<Principal> currentIfAny() {
    CallContext.PrincipalSlot slot = CallContext.PRINCIPAL.get();
    return java.util.Optional.ofNullable(slot == null ? null : slot.principal);
  }
}
