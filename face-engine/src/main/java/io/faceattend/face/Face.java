package io.faceattend.face;

import java.util.List;

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
 * @param embedding 512 L2-normalised floats when asked for, else {@code null}
 */
public record Face(
    FaceBox box,
    float score,
    List<Point> landmarks,
    FaceQuality quality,
    Liveness liveness,
    EyeState eyes,
    HeadPose pose,
    float[] embedding) {
  public boolean eyesOpen() {
    return eyes.bothOpen();
  }
}
