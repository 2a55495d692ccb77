package io.faceattend.server.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker alone: one person walking past is one track; two people are two. */
class FaceTrackerTest {

  private static final Instant T0 = Instant.parse("2026-03-15T08:45:00Z");

  private static float[] unit(int axis) {
    float[] v = new float[8];
    v[axis] = 1;
    return v;
  }

  private static FaceTracker.Observation face(float x, float[] embedding, double quality, int ms) {
    return new FaceTracker.Observation(
        new float[] {x, 100, x + 120, 240},
        embedding,
        quality,
        new byte[] {1},
        1,
        T0.plusMillis(ms));
  }

  @Test
  void aPersonWalkingAcrossTheFrameIsOneTrackThatEndsWhenTheyLeave() {
    FaceTracker tracker = new FaceTracker(Duration.ofSeconds(2));
    // 2 frames a second, moving 40 px a frame: the boxes overlap from frame to frame
    for (int i = 0; i < 10; i++) {
      assertThat(
              tracker.update(T0.plusMillis(500L * i), List.of(face(40 * i, unit(0), i, 500 * i))))
          .isEmpty();
    }
    assertThat(tracker.active()).hasSize(1);
    FaceTracker.Track track = tracker.active().get(0);
    assertThat(track.observations).isEqualTo(10);
    // it keeps only its best observations
    assertThat(track.best()).extracting(FaceTracker.Observation::quality).containsExactly(9.0, 8.0);
    // last seen at 4.5 s, gone for more than 2 s: ended
    assertThat(tracker.update(T0.plusMillis(7000), List.of())).hasSize(1);
    assertThat(tracker.active()).isEmpty();
  }

  @Test
  void aFastMoveIsFollowedByItsTemplateAndTwoPeopleAreTwoTracks() {
    FaceTracker tracker = new FaceTracker(Duration.ofSeconds(2));
    tracker.update(T0, List.of(face(0, unit(0), 1, 0), face(600, unit(1), 1, 0)));
    assertThat(tracker.active()).hasSize(2);
    // the first person jumped 300 px (no overlap) but has the same face: same track
    tracker.update(
        T0.plusMillis(500), List.of(face(300, unit(0), 1, 500), face(600, unit(1), 1, 500)));
    assertThat(tracker.active()).hasSize(2);
    assertThat(tracker.active()).allSatisfy(t -> assertThat(t.observations).isEqualTo(2));
    // a new face where nobody was: a third track
    tracker.update(T0.plusMillis(1000), List.of(face(1000, unit(2), 1, 1000)));
    assertThat(tracker.active()).hasSize(3);
  }

  @Test
  void intersectionOverUnion() {
    assertThat(FaceTracker.iou(new float[] {0, 0, 10, 10}, new float[] {0, 0, 10, 10}))
        .isEqualTo(1);
    assertThat(FaceTracker.iou(new float[] {0, 0, 10, 10}, new float[] {5, 0, 15, 10}))
        .isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(FaceTracker.iou(new float[] {0, 0, 10, 10}, new float[] {20, 20, 30, 30})).isZero();
  }
}
