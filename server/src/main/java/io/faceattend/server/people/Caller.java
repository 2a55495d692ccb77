package io.faceattend.server.people;

import io.faceattend.proto.v1.MachineScope;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.auth.CallerIdentity;
import io.faceattend.server.auth.CallerInfo;
import io.faceattend.server.auth.MachinePrincipal;
import io.faceattend.server.auth.Principal;

/**
 * Who calls an administration or report action: their id and role decide what they may see. A machine
 * credential reading reports ({@link #reportReader()}) has no user id (0) and reads as an admin does.
 */
public record Caller(long userId, Role role, String clientIp, Long apiKeyId) {

  public Caller(long userId, Role role, String clientIp) {
    this(userId, role, clientIp, null);
  }

  /** The signed-in caller of the RPC being served. */
  public static Caller current() {
    Principal principal = Principal.current();
    return new Caller(principal.userId(), principal.role(), CallerInfo.current().clientIp());
  }

  /**
   * The caller of a report RPC: a signed-in user, or an API key with the reports_read scope (which the report
   * RPCs' access option admits). Only report RPCs call this: elsewhere a machine is never an admin.
   */
  public static Caller reportReader() {
    CallerIdentity identity = CallerIdentity.current();
    if (identity instanceof MachinePrincipal machine && machine.has(MachineScope.MACHINE_SCOPE_REPORTS_READ)) {
      return new Caller(0, Role.ROLE_ADMIN, CallerInfo.current().clientIp(), machine.apiKeyId());
    }
    return current();
  }

  public boolean isAdmin() {
    return role == Role.ROLE_ADMIN;
  }

  public AuditLog.Actor actor() {
    return apiKeyId != null ? AuditLog.Actor.apiKey(apiKeyId, clientIp) : AuditLog.Actor.user(userId, clientIp);
  }
}
