package io.faceattend.face.pipeline;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.faceattend.face.Point;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Warps a face to the 112x112 ArcFace layout with the least-squares similarity transform (rotation,
 * uniform scale, translation) that maps the five landmarks onto the reference points (Umeyama,
 * without reflection).
 */
public final class FaceAligner {
  public static final int SIZE = 112;
  private static final float[][] REFERENCE = {
    {38.2946f, 51.6963f},
    {73.5318f, 51.5014f},
    {56.0252f, 71.7366f},
    {41.5493f, 92.3655f},
    {70.7299f, 92.2041f},
  };

  private FaceAligner() {}

  /** The aligned 112x112 BGR face. */
  public static Mat align(Mat bgr, Point[] fivePoints) {
    return align(bgr, fivePoints, 1f);
  }

  /**
   * The aligned 112x112 BGR face, the reference points scaled by {@code scale} about the crop
   * centre (below 1: the face smaller, more context).
   */
  public static Mat align(Mat bgr, Point[] fivePoints, float scale) {
    double[] m = similarity(fivePoints, scale);
    Mat aligned = new Mat();
    try (Mat transform = new Mat(2, 3, CV_64F);
        Size size = new Size(SIZE, SIZE);
        Scalar border = new Scalar()) {
      DoubleIndexer idx = transform.createIndexer();
      for (int i = 0; i < 6; i++) {
        idx.put(i / 3, i % 3, m[i]);
      }
      idx.close();
      warpAffine(bgr, aligned, transform, size, INTER_LINEAR, BORDER_REPLICATE, border);
    }
    return aligned;
  }

  /**
   * Row-major 2x3 matrix [a -b tx; b a ty] minimising the squared distance to the reference points.
   */
  static double[] similarity(Point[] src) {
    return similarity(src, 1f);
  }

  static double[] similarity(Point[] src, float scale) {
    double centre = SIZE / 2.0;
    double[][] reference = new double[REFERENCE.length][2];
    for (int i = 0; i < REFERENCE.length; i++) {
      reference[i][0] = centre + (REFERENCE[i][0] - centre) * scale;
      reference[i][1] = centre + (REFERENCE[i][1] - centre) * scale;
    }
    int n = src.length;
    double mx = 0;
    double my = 0;
    double ux = 0;
    double uy = 0;
    for (int i = 0; i < n; i++) {
      mx += src[i].x();
      my += src[i].y();
      ux += reference[i][0];
      uy += reference[i][1];
    }
    mx /= n;
    my /= n;
    ux /= n;
    uy /= n;
    double dot = 0;
    double cross = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double sx = src[i].x() - mx;
      double sy = src[i].y() - my;
      double dx = reference[i][0] - ux;
      double dy = reference[i][1] - uy;
      dot += sx * dx + sy * dy;
      cross += sx * dy - sy * dx;
      norm += sx * sx + sy * sy;
    }
    if (norm < 1e-9) {
      norm = 1e-9;
    }
    double a = dot / norm;
    double b = cross / norm;
    double tx = ux - (a * mx - b * my);
    double ty = uy - (b * mx + a * my);
    return new double[] {a, -b, tx, b, a, ty};
  }
}
