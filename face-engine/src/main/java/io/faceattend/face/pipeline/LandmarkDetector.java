package io.faceattend.face.pipeline;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.faceattend.face.FaceBox;
import io.faceattend.face.Point;
import io.faceattend.face.model.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * fr_landmark: the face box made square (side = box height, as the package's JS does), cropped
 * inside the image, 64x64 grey, v/256 -> 136 floats, the 68 points as fractions of the crop.
 */
public record LandmarkDetector(OnnxModel model) {

  public List<Point> detect(Mat bgr, FaceBox box) {
    float side = box.height();
    Rect rect =
        ImageOps.scaledBoxInside(
            box.centerX() - side / 2,
            box.centerY() - side / 2,
            side,
            side,
            1.0f,
            bgr.cols(),
            bgr.rows());
    try (Mat crop = ImageOps.cropResize(bgr, rect, 64, 64);
        Mat gray = new Mat()) {
      cvtColor(crop, gray, COLOR_BGR2GRAY);
      ImageOps.fillGray(gray, model.inputBuffer(), 1 / 256f);
    }
    float[] out = model.runSingle();
    List<Point> points = new ArrayList<>(68);
    for (int i = 0; i < 68; i++) {
      points.add(
          new Point(
              out[i * 2] * rect.width() + rect.x(), out[i * 2 + 1] * rect.height() + rect.y()));
    }
    rect.close();
    return points;
  }

  /**
   * The five alignment points (eye centres, nose tip, mouth corners) from the 68, as the package's
   * JS does.
   */
  public static Point[] fivePoints(List<Point> p) {
    return new Point[] {
      mean(p.get(37), p.get(38), p.get(40), p.get(41)),
      mean(p.get(43), p.get(44), p.get(46), p.get(47)),
      p.get(30),
      mean(p.get(48), p.get(60)),
      mean(p.get(54), p.get(64)),
    };
  }

  static Point mean(Point... points) {
    float x = 0;
    float y = 0;
    for (Point point : points) {
      x += point.x();
      y += point.y();
    }
    return new Point(x / points.length, y / points.length);
  }
}
