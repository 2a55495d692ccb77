package io.faceattend.server.auth;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.UserStatus;
import java.util.UUID;

/** The signed-in user calling an RPC, as checked against the database for this call. */
public record Principal(long userId, UUID sessionId, Role role, UserStatus status) implements CallerIdentity {

  /**
   * The signed-in user calling the RPC being served. An RPC that also admits machine credentials and reaches
   * code for users only refuses the machine with 403, not a server error.
   */
  public static Principal current() {
    if (CallContext.identity() instanceof Principal user) {
      return user;
    }
    throw new ApiException(ErrorCode.FORBIDDEN, "This action needs a signed-in user, not an API key");
  }
}
