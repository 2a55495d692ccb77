package io.faceattend.server.events;

import java.util.Set;

/** The event types a webhook may subscribe to (docs/api.md lists what each one's data holds). */
public final class EventTypes {

  public static final String CHECK_IN = "attendance.check_in";
  public static final String CHECK_OUT = "attendance.check_out";

  /** A punch refused (spoof, face mismatch, outside the geofence, ...). */
  public static final String REFUSED = "attendance.refused";

  public static final String MISSED_CHECK_IN = "attendance.missed_check_in";

  /** An admin or manager changed a punch's time by hand. */
  public static final String CORRECTED = "attendance.corrected";

  public static final String ENROLLMENT_SUBMITTED = "enrollment.submitted";
  public static final String ENROLLMENT_APPROVED = "enrollment.approved";
  public static final String ENROLLMENT_REJECTED = "enrollment.rejected";
  public static final String ABSENCE_REQUESTED = "absence.requested";
  public static final String ABSENCE_DECIDED = "absence.decided";

  /** A manager's end-of-day summary of the people they manage (the subject is the manager). */
  public static final String DAILY_SUMMARY = "report.daily_summary";

  /** An online camera stopped sending frames (cameras/CameraSupervisor). */
  public static final String CAMERA_OFFLINE = "camera.offline";

  public static final Set<String> ALL =
      Set.of(
          CHECK_IN,
          CHECK_OUT,
          REFUSED,
          MISSED_CHECK_IN,
          CORRECTED,
          ENROLLMENT_SUBMITTED,
          ENROLLMENT_APPROVED,
          ENROLLMENT_REJECTED,
          ABSENCE_REQUESTED,
          ABSENCE_DECIDED,
          DAILY_SUMMARY,
          CAMERA_OFFLINE);

  private EventTypes() {}
}
