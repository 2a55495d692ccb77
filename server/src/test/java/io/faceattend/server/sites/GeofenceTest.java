package io.faceattend.server.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GeofenceTest {

  @Test
  void haversineMatchesAKnownDistance() {
    // Paris (Notre-Dame) to London (Big Ben): about 341 km
    assertThat(GeoMath.haversineMetres(48.8530, 2.3499, 51.5007, -0.1246))
        .isCloseTo(341_000, within(3_000.0));
  }

  @Test
  void circleIsZeroInsideAndTheGapOutside() {
    Geofence.Circle office = new Geofence.Circle(24.8607, 67.0011, 150);
    assertThat(office.distanceOutside(24.8610, 67.0013)).isZero();
    // 0.01 degree of latitude is about 1112 m: 962 m beyond a 150 m radius
    assertThat(office.distanceOutside(24.8707, 67.0011)).isCloseTo(962, within(5.0));
  }

  @Test
  void polygonInsideOutsideAndDistanceToTheNearestEdge() {
    // a square of about 222 m around (0, 0)
    Geofence.Polygon square =
        new Geofence.Polygon(
            List.of(
                new double[] {-0.001, -0.001}, new double[] {-0.001, 0.001},
                new double[] {0.001, 0.001}, new double[] {0.001, -0.001}));
    assertThat(square.distanceOutside(0, 0)).isZero();
    assertThat(square.distanceOutside(0.0009, -0.0009)).isZero();
    // 0.001 degree north of the top edge: about 111 m
    assertThat(square.distanceOutside(0.002, 0)).isCloseTo(111, within(2.0));
  }
}
