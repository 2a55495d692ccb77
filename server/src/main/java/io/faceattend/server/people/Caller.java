package io.faceattend.server.people;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.auth.CallerInfo;
import io.faceattend.server.auth.Principal;

/** Who calls an administration or report action: their id and role decide what they may see. */
public record Caller(long userId, Role role, String clientIp) {

  /** The signed-in caller of the RPC being served. */
  public static Caller current() {
    Principal principal = Principal.current();
    return new Caller(principal.userId(), principal.role(), CallerInfo.current().clientIp());
  }

  /** An operator at the command line ({@code ./faceattend user ...}): admin rights, audited as {@code cli}. */
  public static Caller commandLine() {
    return new Caller(0, Role.ROLE_ADMIN, null);
  }

  public boolean isAdmin() {
    return role == Role.ROLE_ADMIN;
  }

  public AuditLog.Actor actor() {
    return userId == 0 ? AuditLog.Actor.cli() : AuditLog.Actor.user(userId, clientIp);
  }
}
