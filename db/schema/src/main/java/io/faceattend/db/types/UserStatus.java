package io.faceattend.db.types;

/** A user's approval state, the seed's user_status values (users.status). */
public enum UserStatus implements StatusLiteral {
  FIRST_LOGIN,
  PENDING,
  ACTIVE,
  BLOCKED;

  @Override
  public String toString() {
    return getLiteral();
  }
}
