package io.faceattend.face.pipeline;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.faceattend.face.EyeState;
import io.faceattend.face.Point;
import io.faceattend.face.model.OnnxModel;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * fr_eye: a square around each eye (centre of the four eyelid landmarks, side 1.6x the eye-corner
 * distance, as the package's JS does), 24x24 grey, v/255 -> 2 logits; softmax class {@link
 * #OPEN_CLASS} is "open".
 */
public record EyeStateClassifier(OnnxModel model) {
  static final int OPEN_CLASS = 1;
  private static final float PADDING = 1.6f;

  public EyeState classify(Mat bgr, List<Point> landmarks) {
    // image-left eye (points 36-41) is the person's right eye
    float imageLeft = openScore(bgr, landmarks, 36);
    float imageRight = openScore(bgr, landmarks, 42);
    return new EyeState(imageRight, imageLeft);
  }

  private float openScore(Mat bgr, List<Point> p, int first) {
    Point center =
        LandmarkDetector.mean(
            p.get(first + 1), p.get(first + 2), p.get(first + 4), p.get(first + 5));
    float width = p.get(first + 3).x() - p.get(first).x();
    float height = p.get(first + 3).y() - p.get(first).y();
    float side = Math.max(4f, (float) Math.hypot(width, height) * PADDING);
    Rect rect =
        ImageOps.clampedRect(
            center.x() - side / 2, center.y() - side / 2, side, side, bgr.cols(), bgr.rows());
    try (Mat crop = ImageOps.cropResize(bgr, rect, 24, 24);
        Mat gray = new Mat()) {
      cvtColor(crop, gray, COLOR_BGR2GRAY);
      ImageOps.fillGray(gray, model.inputBuffer(), 1 / 255f);
    } finally {
      rect.close();
    }
    return ImageOps.softmax(model.runSingle())[OPEN_CLASS];
  }
}
