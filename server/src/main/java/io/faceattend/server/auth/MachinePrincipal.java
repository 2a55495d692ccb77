package io.faceattend.server.auth;

import io.faceattend.proto.v1.MachineScope;
import io.faceattend.server.audit.AuditLog;
import java.util.Optional;
import java.util.Set;

/**
 * A machine credential (API key) calling an RPC: what it is, what it may do, and the site it is
 * bound to.
 */
public record MachinePrincipal(long apiKeyId, String name, Set<MachineScope> scopes, Long siteId)
    implements CallerIdentity {

  public MachinePrincipal {
    scopes = Set.copyOf(scopes);
  }

  public boolean has(MachineScope scope) {
    return scopes.contains(scope);
  }

  /** The site the key is bound to, if any (a kiosk's or camera's). */
  public Optional<Long> site() {
    return Optional.ofNullable(siteId);
  }

  /** The audit actor for changes made with this key. */
  public AuditLog.Actor actor() {
    return AuditLog.Actor.apiKey(apiKeyId, Caller.origin().clientIp());
  }
}
