package io.faceattend.face.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import io.faceattend.face.EyeState;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Where to look for faces. The whole image at 320x240 finds most faces; the fallbacks below run
 * only when it finds none, and must score {@link #FALLBACK_SCORE} because each extra view is one
 * more chance of a false hit:
 *
 * <ol>
 *   <li>a padded copy, for a face that fills the whole picture (tight crops, ID-photo style);
 *   <li>overlapping tiles, for small faces in large photos;
 *   <li>the three other orientations, for sideways pictures without an EXIF orientation.
 * </ol>
 *
 * The detector also fires on sideways or upside-down faces, so when the largest face has an eye
 * "closed" (the eye model only knows upright eyes) the other orientations are tried and kept if
 * they show open eyes.
 */
public record FaceFinder(
    FaceDetector detector,
    LandmarkDetector landmarks,
    EyeStateClassifier eyes,
    float eyeOpenThreshold) {
  /** Minimum detector score for faces found by a fallback view. */
  static final float FALLBACK_SCORE = 0.9f;

  /** Detector score above which a candidate needs no second look. */
  static final float SURE_SCORE = 0.99f;

  /** Second-look score a less certain candidate needs to be kept. */
  static final float CONFIRM_SCORE = 0.5f;

  private static final int[][] TURNS = {
    {90, ROTATE_90_CLOCKWISE}, {270, ROTATE_90_COUNTERCLOCKWISE}, {180, ROTATE_180},
  };

  /** Faces in {@code upright}; the result may hold a padded or rotated copy (close it). */
  public FoundFaces find(Mat upright) {
    FoundFaces found = findUpright(upright);
    if (found.detections().isEmpty() || !eyesOpen(found)) {
      found = betterOrientation(upright, found);
    }
    return confirmed(found);
  }

  /**
   * Drops candidates that a second look at another scale does not confirm ({@link
   * FaceDetector#secondLook}); candidates scoring {@link #SURE_SCORE} or more are kept without it
   * (every real face here does).
   */
  private FoundFaces confirmed(FoundFaces found) {
    List<Detection> kept =
        found.detections().stream()
            .filter(
                d ->
                    d.score() >= SURE_SCORE
                        || detector.secondLook(found.view(), d.box()) >= CONFIRM_SCORE)
            .toList();
    if (kept.size() == found.detections().size()) {
      return found;
    }
    return new FoundFaces(found.view(), kept, found.rotation(), found.pad(), found.ownsView());
  }

  private FoundFaces findUpright(Mat upright) {
    List<Detection> found = detector.detect(upright);
    if (!found.isEmpty()) {
      return new FoundFaces(upright, found, 0, 0, false);
    }
    int pad = Math.max(upright.cols(), upright.rows()) / 4;
    Mat padded = new Mat();
    try (Scalar border = new Scalar()) {
      copyMakeBorder(upright, padded, pad, pad, pad, pad, BORDER_REPLICATE, border);
    }
    found = detector.detect(padded, FALLBACK_SCORE);
    if (!found.isEmpty()) {
      return new FoundFaces(padded, found, 0, pad, true);
    }
    padded.close();
    return new FoundFaces(upright, detector.detectInTiles(upright, FALLBACK_SCORE), 0, 0, false);
  }

  /**
   * Tries the three other orientations and keeps one whose largest face shows both eyes open and
   * clearly more open than in {@code upright}; otherwise keeps {@code upright}'s result.
   */
  private FoundFaces betterOrientation(Mat upright, FoundFaces uprightFaces) {
    float best = uprightFaces.detections().isEmpty() ? -1 : openness(uprightFaces);
    float minScore = uprightFaces.detections().isEmpty() ? FALLBACK_SCORE : 0;
    FoundFaces chosen = uprightFaces;
    for (int[] turn : TURNS) {
      Mat turned = new Mat();
      rotate(upright, turned, turn[1]);
      List<Detection> found =
          minScore > 0 ? detector.detect(turned, minScore) : detector.detect(turned);
      FoundFaces candidate = new FoundFaces(turned, found, turn[0], 0, true);
      float openness = found.isEmpty() ? -1 : openness(candidate);
      if (openness >= 2 * eyeOpenThreshold && openness > best + 0.5f) {
        chosen.close();
        chosen = candidate;
        best = openness;
      } else {
        candidate.close();
      }
    }
    return chosen;
  }

  private boolean eyesOpen(FoundFaces faces) {
    EyeState state = eyesOfLargest(faces);
    return state.leftOpenScore() >= eyeOpenThreshold && state.rightOpenScore() >= eyeOpenThreshold;
  }

  private float openness(FoundFaces faces) {
    EyeState state = eyesOfLargest(faces);
    return state.leftOpenScore() + state.rightOpenScore();
  }

  private EyeState eyesOfLargest(FoundFaces faces) {
    Detection largest =
        faces.detections().stream()
            .max(Comparator.comparingDouble((Detection d) -> d.box().area()))
            .orElseThrow();
    return eyes.classify(faces.view(), landmarks.detect(faces.view(), largest.box()));
  }
}
