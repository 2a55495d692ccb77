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

  static io.faceattend.proto.v1.Site site(io.faceattend.server.sites.Site site) {
    io.faceattend.proto.v1.Site.Builder proto = io.faceattend.proto.v1.Site.newBuilder()
        .setId(site.id())
        .setName(site.name())
        .setTimeZone(site.timeZone().getId());
    switch (site.geofence()) {
      case Geofence.Circle circle -> proto.setGeofenceKind("circle")
          .setCenter(GeoPoint.newBuilder().setLatitude(circle.latitude()).setLongitude(circle.longitude()))
          .setRadiusM(circle.radiusM());
      case Geofence.Polygon polygon -> {
        proto.setGeofenceKind("polygon");
        polygon.vertices().forEach(v -> proto.addPolygon(
            GeoPoint.newBuilder().setLatitude(v[0]).setLongitude(v[1])));
      }
    }
    return proto.build();
  }
}
