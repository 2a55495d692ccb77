package io.faceattend.server.auth;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.MachineScope;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The signed-in caller of an RPC, as checked against the database for this call: who (id, role,
 * status, session) and from where (client address and User-Agent, either may be null). The one type
 * every domain class takes for "who asks"; {@link #actor()} is how it appears in the audit log. A
 * machine credential reading reports ({@link #reportReader()}) is a caller too: no user (id 0),
 * read as an admin reads, audited as its key.
 */
public record Caller(
    long userId,
    UUID sessionId,
    Role role,
    UserStatus status,
    String clientIp,
    String userAgent,
    Long apiKeyId)
    implements CallerIdentity {

  /** A signed-in user. */
  public Caller(
      long userId,
      UUID sessionId,
      Role role,
      UserStatus status,
      String clientIp,
      String userAgent) {
    this(userId, sessionId, role, status, clientIp, userAgent, null);
  }

  /** A caller known by id and role only, with no session (tests, tools acting for a user). */
  public Caller(long userId, Role role, String clientIp) {
    this(userId, null, role, UserStatus.ACTIVE, clientIp, null);
  }

  /**
   * The signed-in user calling the RPC being served; fails on a public RPC (see {@link #origin()}).
   * An RPC that also admits machine credentials and reaches code for users only refuses the machine
   * with 403.
   */
  public static Caller current() {
    return CallContext.caller();
  }

  /**
   * The signed-in user calling the RPC being served once authenticated; empty for public RPCs,
   * outside a call and for machine credentials.
   */
  public static Optional<Caller> currentIfAny() {
    return Optional.ofNullable(CallContext.callerIfAny());
  }

  /**
   * An operator at the command line ({@code ./faceattend user ...}): admin rights, audited as
   * {@code cli}.
   */
  public static Caller commandLine() {
    return new Caller(0, Role.ROLE_ADMIN, null);
  }

  /**
   * The caller of a report RPC: a signed-in user, or an API key with the reports_read scope (which
   * the report RPCs' access option admits), reading as an admin. Only report RPCs call this:
   * elsewhere a machine is never an admin.
   */
  public static Caller reportReader() {
    if (CallerIdentity.current() instanceof MachinePrincipal machine
        && machine.has(MachineScope.MACHINE_SCOPE_REPORTS_READ)) {
      Origin origin = origin();
      return new Caller(
          0,
          null,
          Role.ROLE_ADMIN,
          UserStatus.ACTIVE,
          origin.clientIp(),
          origin.userAgent(),
          machine.apiKeyId());
    }
    return current();
  }

  /** Where the RPC being served comes from; known on public RPCs too (login). */
  public static Origin origin() {
    return CallContext.origin();
  }

  /** When the access token of the RPC being served expires; empty without one. */
  public static Optional<Instant> accessTokenExpiry() {
    return Optional.ofNullable(CallContext.TOKEN_EXPIRES.get());
  }

  public boolean isAdmin() {
    return role == Role.ROLE_ADMIN;
  }

  public AuditLog.Actor actor() {
    if (apiKeyId != null) {
      return AuditLog.Actor.apiKey(apiKeyId, clientIp);
    }
    return userId == 0 ? AuditLog.Actor.cli() : AuditLog.Actor.user(userId, clientIp);
  }

  /** Where a call comes from, for login events and the audit log. Either part may be null. */
  public record Origin(String clientIp, String userAgent) {

    public static final Origin UNKNOWN = new Origin(null, null);
  }
}
