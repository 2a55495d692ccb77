package io.faceattend.server.sites;

import java.util.List;

/**
 * A site's allowed area: a circle (centre + radius) or a polygon. {@link #distanceOutside} is 0
 * inside and the distance in metres to the area otherwise, so a GPS accuracy allowance can be
 * applied by the caller.
 */
public sealed interface Geofence {

  /** Metres from the point to the area; 0 when inside. */
  double distanceOutside(double latitude, double longitude);

  /** A circle of {@code radiusM} metres around a centre. */
  record Circle(double latitude, double longitude, double radiusM) implements Geofence {
    @Override
    public double distanceOutside(double lat, double lon) {
      return Math.max(0, GeoMath.haversineMetres(latitude, longitude, lat, lon) - radiusM);
    }
  }

  /**
   * A simple polygon of [lat, lon] vertices (sites are small, so a local planar projection is exact
   * enough).
   */
  record Polygon(List<double[]> vertices) implements Geofence {
    public Polygon {
      if (vertices.size() < 3) {
        throw new IllegalArgumentException("A polygon needs at least 3 vertices");
      }
      vertices = List.copyOf(vertices);
    }

    @Override
    public double distanceOutside(double lat, double lon) {
      // project around the point: x east, y north, in metres
      double cosLat = Math.cos(Math.toRadians(lat));
      int n = vertices.size();
      double[] xs = new double[n];
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        xs[i] = Math.toRadians(vertices.get(i)[1] - lon) * GeoMath.EARTH_RADIUS_M * cosLat;
        ys[i] = Math.toRadians(vertices.get(i)[0] - lat) * GeoMath.EARTH_RADIUS_M;
      }
      boolean inside = false;
      double nearest = Double.MAX_VALUE;
      for (int i = 0, j = n - 1; i < n; j = i++) {
        if ((ys[i] > 0) != (ys[j] > 0)
            && 0 < (xs[j] - xs[i]) * (0 - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
          inside = !inside;
        }
        nearest = Math.min(nearest, distanceToSegment(xs[j], ys[j], xs[i], ys[i]));
      }
      return inside ? 0 : nearest;
    }

    /** Distance from the origin to the segment (x1,y1)-(x2,y2). */
    private static double distanceToSegment(double x1, double y1, double x2, double y2) {
      double dx = x2 - x1;
      double dy = y2 - y1;
      double lengthSquared = dx * dx + dy * dy;
      double t =
          lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, -(x1 * dx + y1 * dy) / lengthSquared));
      return Math.hypot(x1 + t * dx, y1 + t * dy);
    }
  }
}
