package io.faceattend.server.users;

import io.faceattend.proto.v1.Role;
import java.util.Locale;

/** Roles as stored (users.role: admin, manager, employee) and as the contract names them. */
public final class Roles {

  private Roles() {}

  public static Role fromDb(String value) {
    return Role.valueOf("ROLE_" + value.toUpperCase(Locale.ROOT));
  }

  public static String toDb(Role role) {
    if (role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED) {
      throw new IllegalArgumentException("No role");
    }
    return role.name().substring("ROLE_".length()).toLowerCase(Locale.ROOT);
  }

  /** Parses "admin", "manager" or "employee" (as typed on the command line or sent in JSON). */
  public static Role parse(String value) {
    try {
      Role role = Role.valueOf("ROLE_" + value.trim().toUpperCase(Locale.ROOT));
      if (role != Role.ROLE_UNSPECIFIED) {
        return role;
      }
    } catch (IllegalArgumentException ignored) {
      // fall through
    }
    throw new IllegalArgumentException("Unknown role '" + value + "' (admin, manager or employee)");
  }
}
