package io.faceattend.server.attendance;

import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.proto.v1.GetStatusResponse;
import io.faceattend.server.users.UserStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Computes GET /api/attendance/status, the app's single source of truth. Until attendance records exist (the
 * mobile attendance API), a user has not checked in today; a blocked user may do nothing.
 */
public final class TodayStatus {

  private final ZoneId defaultZone;
  private final Clock clock;

  public TodayStatus(ZoneId defaultZone, Clock clock) {
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  public GetStatusResponse of(UserStatus userStatus) {
    LocalDate today = LocalDate.now(clock.withZone(defaultZone));
    AttendanceStatus attendance = userStatus == UserStatus.BLOCKED
        ? AttendanceStatus.ATTENDANCE_STATUS_NOT_ALLOWED
        : AttendanceStatus.ATTENDANCE_STATUS_NOT_CHECKED_IN;
    return GetStatusResponse.newBuilder()
        .setUserStatus(userStatus.toProto())
        .setAttendanceStatus(attendance)
        .setDate(today.toString())
        .build();
  }
}
