package io.faceattend.server.cameras;

import io.faceattend.face.pipeline.FaceEmbedder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Follows faces across the frames of one camera so that a person walking past is one track, hence
 * one event. A detection joins the track whose last box it overlaps most (IoU), or whose last
 * template it resembles (a face that moved fast between two sampled frames); otherwise it starts a
 * track. A track not seen for {@code lostAfter} ends. Each track keeps only its best few
 * observations (by quality), so its memory is bounded whatever its length.
 */
final class FaceTracker {

  static final double MIN_IOU = 0.3;
  static final double MIN_COSINE = 0.5;
  static final int KEPT_OBSERVATIONS = 2;
  static final int MAX_TRACKS = 32;

  /** One face in one frame; {@code image} is the frame (JPEG, memory only). */
  record Observation(
      float[] box, float[] embedding, double quality, byte[] image, int facesInFrame, Instant at) {}

  /** A face followed across frames. */
  static final class Track {
    final String key = UUID.randomUUID().toString();
    final Instant firstSeen;
    Instant lastSeen;
    float[] lastBox;
    float[] lastEmbedding;
    int observations;
    int attempts;
    boolean decided;
    private final List<Observation> best = new ArrayList<>();

    Track(Observation first) {
      this.firstSeen = first.at();
      this.lastSeen = first.at();
      this.lastBox = first.box();
      this.lastEmbedding = first.embedding();
      add(first);
    }

    private void add(Observation o) {
      observations++;
      lastSeen = o.at();
      lastBox = o.box();
      lastEmbedding = o.embedding();
      best.add(o);
      best.sort(Comparator.comparingDouble(Observation::quality).reversed());
      while (best.size() > KEPT_OBSERVATIONS) {
        best.removeLast();
      }
    }

    /** The best observations so far, best first. */
    List<Observation> best() {
      return List.copyOf(best);
    }
  }

  private final Duration lostAfter;
  private final List<Track> tracks = new ArrayList<>();

  FaceTracker(Duration lostAfter) {
    this.lostAfter = lostAfter;
  }

  /**
   * Adds one frame's detections; returns the tracks that ended (not seen for {@code lostAfter}).
   */
  List<Track> update(Instant at, List<Observation> detections) {
    List<Track> free = new ArrayList<>(tracks);
    for (Observation detection : detections) {
      Track match = null;
      double matchScore = 0;
      for (Track track : free) {
        double iou = iou(track.lastBox, detection.box());
        double cosine = FaceEmbedder.cosineOfAny(track.lastEmbedding, detection.embedding());
        if (iou >= MIN_IOU || cosine >= MIN_COSINE) {
          double score = iou + cosine;
          if (match == null || score > matchScore) {
            match = track;
            matchScore = score;
          }
        }
      }
      if (match != null) {
        match.add(detection);
        free.remove(match);
      } else if (tracks.size() < MAX_TRACKS) {
        tracks.add(new Track(detection));
      }
    }
    List<Track> ended = new ArrayList<>();
    for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
      Track track = it.next();
      if (Duration.between(track.lastSeen, at).compareTo(lostAfter) > 0) {
        it.remove();
        ended.add(track);
      }
    }
    return ended;
  }

  /** The tracks being followed. */
  List<Track> active() {
    return List.copyOf(tracks);
  }

  static double iou(float[] a, float[] b) {
    double x1 = Math.max(a[0], b[0]);
    double y1 = Math.max(a[1], b[1]);
    double x2 = Math.min(a[2], b[2]);
    double y2 = Math.min(a[3], b[3]);
    double inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    double union = (a[2] - a[0]) * (a[3] - a[1]) + (double) (b[2] - b[0]) * (b[3] - b[1]) - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
