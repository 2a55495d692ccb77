package io.faceattend.db.types;

/** A webhook delivery's state (webhook_deliveries.status). */
public enum DeliveryStatus implements StatusLiteral {
  PENDING,
  DELIVERED,
  DEAD;

  @Override
  public String toString() {
    return getLiteral();
  }
}
