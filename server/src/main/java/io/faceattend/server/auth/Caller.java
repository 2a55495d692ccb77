package io.faceattend.server.auth;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.users.UserStatus;
import java.util.UUID;

/**
 * The signed-in caller of an RPC, as checked against the database for this call: who (id, role, status, session)
 * and from where (client address and User-Agent, either may be null). The one type every domain class takes for
 * "who asks"; {@link #actor()} is how it appears in the audit log.
 */
public record Caller(long userId, UUID sessionId, Role role, UserStatus status, String clientIp, String userAgent) {

  /** A caller known by id and role only, with no session (tests, tools acting for a user). */
  public Caller(long userId, Role role, String clientIp) {
    this(userId, null, role, UserStatus.ACTIVE, clientIp, null);
  }

  /** The signed-in caller of the RPC being served; fails on a public RPC (see {@link #origin()}). */
  public static Caller current() {
    return CallContext.caller();
  }

  /** The signed-in caller of the RPC being served once authenticated; empty on public RPCs and outside a call. */
  public static java.util.Optional<Caller> currentIfAny() {
    CallContext.CallerSlot slot = CallContext.CALLER.get();
    return java.util.Optional.ofNullable(slot == null ? null : slot.caller);
  }

  /** An operator at the command line ({@code ./faceattend user ...}): admin rights, audited as {@code cli}. */
  public static Caller commandLine() {
    return new Caller(0, Role.ROLE_ADMIN, null);
  }

  /** Where the RPC being served comes from; known on public RPCs too (login). */
  public static Origin origin() {
    return CallContext.origin();
  }

  public boolean isAdmin() {
    return role == Role.ROLE_ADMIN;
  }

  public AuditLog.Actor actor() {
    return userId == 0 ? AuditLog.Actor.cli() : AuditLog.Actor.user(userId, clientIp);
  }

  /** Where a call comes from, for login events and the audit log. Either part may be null. */
  public record Origin(String clientIp, String userAgent) {

    public static final Origin UNKNOWN = new Origin(null, null);
  }
}
