package io.faceattend.server.grpc;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.GeoPoint;
import io.faceattend.proto.v1.User;
import io.faceattend.server.sites.Geofence;

/** Database rows to contract messages. */
final class Messages {

  private Messages() {}

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
  static io.faceattend.proto.v1.Schedule.Builder schedule(
      io.faceattend.server.schedule.WorkSchedule schedule) {
    io.faceattend.proto.v1.Schedule.Builder proto =
        io.faceattend.proto.v1.Schedule.newBuilder()
            .addAllWorkingDays(
                schedule.workingDays().stream()
                    .map(java.time.DayOfWeek::getValue)
                    .sorted()
                    .toList())
            .setStartTime(hhmm(schedule.start()))
            .setEndTime(hhmm(schedule.end()))
            .setGraceMinutes(schedule.graceMinutes());
    if (schedule.overtimeAfterMinutes() != null) {
      proto.setOvertimeAfterMinutes(schedule.overtimeAfterMinutes());
    }
    // weekdays with the same hours share one entry, as an admin would have sent them
    java.util.Map<
            io.faceattend.server.schedule.WorkSchedule.Shift, io.faceattend.proto.v1.Shift.Builder>
        byHours = new java.util.LinkedHashMap<>();
    new java.util.TreeMap<>(schedule.shifts())
        .forEach(
            (day, shift) ->
                byHours
                    .computeIfAbsent(
                        shift,
                        s ->
                            io.faceattend.proto.v1.Shift.newBuilder()
                                .setStartTime(hhmm(s.start()))
                                .setEndTime(hhmm(s.end())))
                    .addDays(day.getValue()));
    byHours.values().forEach(proto::addShifts);
    return proto;
  }

  private static String hhmm(java.time.LocalTime time) {
    return time.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm"));
  }

  static io.faceattend.proto.v1.Site site(io.faceattend.server.sites.Site site) {
    io.faceattend.proto.v1.Site.Builder proto =
        io.faceattend.proto.v1.Site.newBuilder()
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
