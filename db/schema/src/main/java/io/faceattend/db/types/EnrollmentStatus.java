package io.faceattend.db.types;

/** Where an enrolment stands in review (enrollments.status). */
public enum EnrollmentStatus implements StatusLiteral {
  PENDING,
  APPROVED,
  REJECTED,
  SUPERSEDED;

  @Override
  public String toString() {
    return getLiteral();
  }
}
