package io.faceattend.face;

import java.util.List;
import java.util.Map;

/**
 * One analysed face. Coordinates are pixels of the upright original image (after EXIF orientation
 * and, when {@link AnalysisResult#rotation()} is not 0, after that extra rotation).
 *
 * @param box detector box
 * @param score detection confidence 0..1
 * @param landmarks the 68 iBUG/300-W landmarks
 * @param quality size, sharpness and brightness
 * @param liveness liveness score and verdict
 * @param eyes open scores of both eyes
 * @param pose head pose in degrees
 * @param embedding 512 L2-normalised floats of the engine's current embedding model when asked for,
 *     else {@code null}
 * @param olderEmbeddings the same face embedded by older (legacy) models when asked for, by model
 *     id
 */
public record Face(
    FaceBox box,
    float score,
    List<Point> landmarks,
    FaceQuality quality,
    Liveness liveness,
    EyeState eyes,
    HeadPose pose,
    float[] embedding,
    Map<String, float[]> olderEmbeddings) {

  public Face {
    olderEmbeddings = Map.copyOf(olderEmbeddings);
  }

  public boolean eyesOpen() {
    return eyes.bothOpen();
  }
}
