package io.faceattend.server.attendance;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.proto.v1.GetStatusResponse;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.Sites;
import io.faceattend.server.users.UserAccounts;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * GET /api/attendance/status, the app's single source of truth: approval state, and today's
 * attendance in the user's zone (their site's, else the server's). {@code not_allowed} when the
 * user is blocked, has no site while sites are required, or today is not one of their working days.
 */
public record TodayStatus(Store store, Sites sites, Schedules schedules, AttendanceRules rules) {

  static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  public GetStatusResponse of(Caller user) {
    List<Site> userSites = sites.ofUser(user.userId());
    ZoneId zone = userSites.isEmpty() ? rules.defaultZone() : userSites.get(0).timeZone();
    Optional<WorkSchedule> schedule = schedules.of(user.userId());
    // the work day: the calendar day, or yesterday while an overnight shift that started then is
    // still running
    LocalDate today =
        WorkDays.of(
            store.db(),
            user.userId(),
            schedule,
            LocalDateTime.ofInstant(store.clock().instant(), zone));
    TodayPunches punches = TodayPunches.of(store.db(), user.userId(), today);

    GetStatusResponse.Builder response =
        GetStatusResponse.newBuilder()
            .setUserStatus(UserAccounts.toProto(user.status()))
            .setDate(today.toString());
    punches.checkIn().ifPresent(t -> response.setCheckInTime(t.format(HH_MM)));
    punches.checkOut().ifPresent(t -> response.setCheckOutTime(t.format(HH_MM)));
    String notAllowed = notAllowedReason(user, userSites, schedule, today, punches);
    if (notAllowed != null) {
      response
          .setAttendanceStatus(AttendanceStatus.ATTENDANCE_STATUS_NOT_ALLOWED)
          .setReason(notAllowed);
    } else {
      response.setAttendanceStatus(attendance(punches));
    }
    return response.build();
  }

  /** Why the user may not punch now (blocked, no_site, not_working_day), or null when they may. */
  private String notAllowedReason(
      Caller user,
      List<Site> userSites,
      Optional<WorkSchedule> schedule,
      LocalDate today,
      TodayPunches punches) {
    if (user.status() == UserStatus.BLOCKED) {
      return "blocked";
    }
    if (punches.checkIn().isPresent()
        || punches.checkOut().isPresent()
        || user.status() != UserStatus.ACTIVE) {
      return null;
    }
    if (userSites.isEmpty() && rules.requireSite()) {
      return "no_site";
    }
    if (!schedule.map(s -> s.isWorkingDay(today)).orElse(true)) {
      return "not_working_day";
    }
    return null;
  }

  private static AttendanceStatus attendance(TodayPunches punches) {
    if (punches.checkOut().isPresent()) {
      return AttendanceStatus.ATTENDANCE_STATUS_CHECKED_OUT;
    }
    if (punches.checkIn().isPresent()) {
      return AttendanceStatus.ATTENDANCE_STATUS_CHECKED_IN;
    }
    return AttendanceStatus.ATTENDANCE_STATUS_NOT_CHECKED_IN;
  }
}
