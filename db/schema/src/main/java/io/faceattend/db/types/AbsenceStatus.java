package io.faceattend.db.types;

/** Where an absence request stands (absence_requests.status). */
public enum AbsenceStatus implements StatusLiteral {
  PENDING,
  APPROVED,
  REJECTED;

  @Override
  public String toString() {
    return getLiteral();
  }
}
