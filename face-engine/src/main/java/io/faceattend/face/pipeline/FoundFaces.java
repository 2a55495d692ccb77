package io.faceattend.face.pipeline;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Faces found in an image and the view they were found in: the upright image itself, a copy padded
 * by {@code pad} pixels on every side, or a copy rotated clockwise by {@code rotation} degrees. Box
 * coordinates refer to {@code view}. Closing releases the view when it is a copy.
 */
public record FoundFaces(
    Mat view, List<Detection> detections, int rotation, int pad, boolean ownsView)
    implements AutoCloseable {
  @Override
  public void close() {
    if (ownsView) {
      view.close();
    }
  }
}
