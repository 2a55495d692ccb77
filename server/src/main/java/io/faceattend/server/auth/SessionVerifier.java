package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.AUTH_SESSIONS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.Roles;
import org.jooq.DSLContext;

/**
 * The per-call database half of authentication: the token's session must still be open and its user
 * still exist, be allowed this RPC's role, and not be blocked unless the RPC allows it. One indexed
 * query per call, so logout and blocking take effect at once, not when the access token expires.
 */
public record SessionVerifier(DSLContext db) {

  public Caller verify(AccessClaims claims, AccessPolicy policy, Caller.Origin origin) {
    var row =
        db.select(
                AUTH_SESSIONS.REVOKED_AT, USERS.ID, USERS.ROLE, USERS.STATUS, USERS.DEACTIVATED_AT)
            .from(AUTH_SESSIONS)
            .join(USERS)
            .on(USERS.ID.eq(AUTH_SESSIONS.USER_ID))
            .where(AUTH_SESSIONS.ID.eq(claims.sessionId()))
            .fetchOne();
    if (row == null
        || row.get(AUTH_SESSIONS.REVOKED_AT) != null
        || row.get(USERS.ID) != claims.userId()) {
      throw new ApiException(ErrorCode.TOKEN_REVOKED, "This session has ended; sign in again");
    }
    if (row.get(USERS.DEACTIVATED_AT) != null) {
      throw new ApiException(
          ErrorCode.TOKEN_REVOKED, "This account no longer exists; sign in again");
    }
    Role role = Roles.fromDb(row.get(USERS.ROLE));
    UserStatus status = row.get(USERS.STATUS);
    if (!policy.getRolesList().isEmpty() && !policy.getRolesList().contains(role)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Your role may not do this");
    }
    if (status == UserStatus.BLOCKED && !policy.getAllowBlocked()) {
      throw new ApiException(
          ErrorCode.ACCOUNT_BLOCKED, "Your account is blocked; contact your administrator");
    }
    return new Caller(
        claims.userId(), claims.sessionId(), role, status, origin.clientIp(), origin.userAgent());
  }
}
