package io.faceattend.db.types;

/** A notification's sending state (notifications.status). */
public enum NotificationStatus implements StatusLiteral {
  PENDING,
  SENT,
  DEAD;

  @Override
  public String toString() {
    return getLiteral();
  }
}
