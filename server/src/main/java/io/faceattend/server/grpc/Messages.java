package io.faceattend.server.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.GeoPoint;
import io.faceattend.proto.v1.Schedule;
import io.faceattend.proto.v1.Shift;
import io.faceattend.proto.v1.Site;
import io.faceattend.proto.v1.User;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.sites.Geofence;
import io.faceattend.server.sites.Sites;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Database rows to contract messages. */
final class Messages {

  private Messages() {}

  /**
   * A sign-in's tokens and user into its response: a LoginResponse or a FaceLoginResponse, which
   * carry the same fields (set by name, so neither RPC copies the other's setters).
   */
  static <B extends Message.Builder> B signedIn(B response, Authentication.LoginResult result) {
    Descriptors.Descriptor type = response.getDescriptorForType();
    response.setField(type.findFieldByName("access_token"), result.tokens().accessToken());
    response.setField(type.findFieldByName("refresh_token"), result.tokens().refreshToken());
    response.setField(
        type.findFieldByName("is_first_login"), result.user().getFaceEnrolledAt() == null);
    response.setField(type.findFieldByName("user"), user(result.user()));
    return response;
  }

  static User user(UsersRecord row) {
    return User.newBuilder()
        .setId(row.getId())
        .setName(row.getName())
        .setUsername(row.getUsername())
        .setEmail(row.getEmail())
        .build();
  }

  /**
   * A schedule as the contract shows it (its owner and source set by the caller): weekdays
   * ascending.
   */
  static Schedule.Builder schedule(WorkSchedule schedule) {
    Schedule.Builder proto =
        Schedule.newBuilder()
            .addAllWorkingDays(
                schedule.workingDays().stream().map(DayOfWeek::getValue).sorted().toList())
            .setStartTime(hhmm(schedule.start()))
            .setEndTime(hhmm(schedule.end()))
            .setGraceMinutes(schedule.graceMinutes());
    if (schedule.overtimeAfterMinutes() != null) {
      proto.setOvertimeAfterMinutes(schedule.overtimeAfterMinutes());
    }
    // weekdays with the same hours share one entry, as an admin would have sent them
    Map<WorkSchedule.Shift, Shift.Builder> byHours = new LinkedHashMap<>();
    new TreeMap<>(schedule.shifts())
        .forEach(
            (day, shift) ->
                byHours
                    .computeIfAbsent(
                        shift,
                        s ->
                            Shift.newBuilder()
                                .setStartTime(hhmm(s.start()))
                                .setEndTime(hhmm(s.end())))
                    .addDays(day.getValue()));
    byHours.values().forEach(proto::addShifts);
    return proto;
  }

  private static String hhmm(LocalTime time) {
    return time.format(DateTimeFormatter.ofPattern("HH:mm"));
  }

  /** A site as an admin describes it: a circle (centre + radius) or a polygon of points. */
  static Sites.NewSite newSite(
      String name,
      String timeZone,
      @Nullable GeoPoint center,
      @Nullable Double radiusM,
      List<GeoPoint> polygon) {
    return new Sites.NewSite(
        name,
        timeZone,
        center == null ? null : center.getLatitude(),
        center == null ? null : center.getLongitude(),
        radiusM,
        polygon.stream().map(p -> new double[] {p.getLatitude(), p.getLongitude()}).toList());
  }

  static Site site(io.faceattend.server.sites.Site site) {
    Site.Builder proto =
        Site.newBuilder()
            .setId(site.id())
            .setName(site.name())
            .setTimeZone(site.timeZone().getId());
    switch (site.geofence()) {
      case Geofence.Circle circle ->
          proto
              .setGeofenceKind("circle")
              .setCenter(
                  GeoPoint.newBuilder()
                      .setLatitude(circle.latitude())
                      .setLongitude(circle.longitude()))
              .setRadiusM(circle.radiusM());
      case Geofence.Polygon polygon -> {
        proto.setGeofenceKind("polygon");
        polygon
            .vertices()
            .forEach(
                v -> proto.addPolygon(GeoPoint.newBuilder().setLatitude(v[0]).setLongitude(v[1])));
      }
    }
    return proto.build();
  }
}
