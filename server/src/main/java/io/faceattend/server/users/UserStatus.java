package io.faceattend.server.users;

import java.util.Locale;

/**
 * A user's approval state, stored as its lower-case name (users.status), the seed's user_status
 * values.
 */
public enum UserStatus {
  FIRST_LOGIN,
  PENDING,
  ACTIVE,
  BLOCKED;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static UserStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public io.faceattend.proto.v1.UserStatus toProto() {
    return switch (this) {
      case FIRST_LOGIN -> io.faceattend.proto.v1.UserStatus.USER_STATUS_FIRST_LOGIN;
      case PENDING -> io.faceattend.proto.v1.UserStatus.USER_STATUS_PENDING;
      case ACTIVE -> io.faceattend.proto.v1.UserStatus.USER_STATUS_ACTIVE;
      case BLOCKED -> io.faceattend.proto.v1.UserStatus.USER_STATUS_BLOCKED;
    };
  }
}
