package io.faceattend.face.pipeline;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** Small pixel helpers shared by the model stages: crops, resizes and tensor filling. */
final class ImageOps {
  private ImageOps() {}

  /** Integer crop rectangle clamped to the image; width and height at least 1. */
  static Rect clampedRect(double x, double y, double w, double h, int imageWidth, int imageHeight) {
    int left = (int) Math.max(0, Math.min(imageWidth - 1, Math.floor(x)));
    int top = (int) Math.max(0, Math.min(imageHeight - 1, Math.floor(y)));
    int right = (int) Math.max(left + 1, Math.min(imageWidth, Math.ceil(x + w)));
    int bottom = (int) Math.max(top + 1, Math.min(imageHeight, Math.ceil(y + h)));
    return new Rect(left, top, right - left, bottom - top);
  }

  /**
   * The package's JS crop ("alignLivenessImage"): the box scaled about its centre by {@code scale}
   * (limited so it fits the image), then shifted, not cut, to lie inside the image.
   */
  static Rect scaledBoxInside(
      float x, float y, float w, float h, float scale, int imageWidth, int imageHeight) {
    double s =
        Math.min((imageHeight - 1) / (double) h, Math.min((imageWidth - 1) / (double) w, scale));
    double newW = w * s;
    double newH = h * s;
    double cx = x + w / 2.0;
    double cy = y + h / 2.0;
    double left = cx - newW / 2;
    double top = cy - newH / 2;
    double right = cx + newW / 2;
    double bottom = cy + newH / 2;
    if (left < 0) {
      right -= left;
      left = 0;
    }
    if (top < 0) {
      bottom -= top;
      top = 0;
    }
    if (right > imageWidth - 1) {
      left -= right - imageWidth + 1;
      right = imageWidth - 1;
    }
    if (bottom > imageHeight - 1) {
      top -= bottom - imageHeight + 1;
      bottom = imageHeight - 1;
    }
    return clampedRect(left, top, right - left, bottom - top, imageWidth, imageHeight);
  }

  /**
   * Crops {@code rect} out of {@code src} and resizes it to width x height, bilinear like the
   * package's JS (cv.resize's default): the models were trained on crops made that way, and it is
   * several times cheaper than area averaging for a large face.
   */
  static Mat cropResize(Mat src, Rect rect, int width, int height) {
    Mat out = new Mat();
    try (Mat roi = new Mat(src, rect);
        Size size = new Size(width, height)) {
      resize(roi, out, size, 0, 0, INTER_LINEAR);
    }
    return out;
  }

  /**
   * Resizes a whole image for the detector. Shrinking averages pixels so small faces survive; for a
   * large shrink a bilinear step to twice the target comes first, because OpenCV's area averaging
   * is several times faster for an exact factor of 2 than for an odd ratio (1280x799 to 320x240: ~1
   * ms instead of ~3.7 ms).
   */
  static Mat resizeTo(Mat src, int width, int height) {
    Mat out = new Mat();
    try (Size size = new Size(width, height)) {
      if (src.cols() > 2 * width && src.rows() > 2 * height) {
        try (Mat half = new Mat();
            Size twice = new Size(2 * width, 2 * height)) {
          resize(src, half, twice, 0, 0, INTER_LINEAR);
          resize(half, out, size, 0, 0, INTER_AREA);
        }
      } else {
        boolean shrinking = src.cols() > width || src.rows() > height;
        resize(src, out, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
      }
    }
    return out;
  }

  /**
   * Per-thread scratch arrays, grown on demand, so a request allocates no large pixel or tensor
   * arrays.
   */
  private static final ThreadLocal<byte[]> PIXELS = ThreadLocal.withInitial(() -> new byte[0]);

  private static final ThreadLocal<float[]> VALUES = ThreadLocal.withInitial(() -> new float[0]);

  /**
   * The bytes of a continuous 8-bit Mat, in this thread's scratch array (valid until the next
   * call).
   */
  static byte[] bytes(Mat mat) {
    Mat continuous = mat.isContinuous() ? mat : mat.clone();
    try {
      int length = (int) (continuous.total() * continuous.channels());
      byte[] data = PIXELS.get();
      if (data.length < length) {
        data = new byte[length];
        PIXELS.set(data);
      }
      continuous.data().get(data, 0, length);
      return data;
    } finally {
      if (continuous != mat) {
        continuous.close();
      }
    }
  }

  private static float[] values(int length) {
    float[] values = VALUES.get();
    if (values.length < length) {
      values = new float[length];
      VALUES.set(values);
    }
    return values;
  }

  /**
   * Writes a 3-channel BGR Mat as planar NCHW floats {@code (value - mean[c]) * scale[c]}.
   *
   * @param rgb plane order R,G,B when true, B,G,R when false
   */
  static void fillPlanar(Mat bgr, FloatBuffer out, boolean rgb, float[] mean, float[] scale) {
    byte[] pixels = bytes(bgr);
    int area = bgr.rows() * bgr.cols();
    float[] planes = values(area * 3);
    for (int plane = 0; plane < 3; plane++) {
      int channel = rgb ? 2 - plane : plane; // BGR storage: R is channel 2
      float m = mean[plane];
      float s = scale[plane];
      int base = plane * area;
      for (int i = 0; i < area; i++) {
        planes[base + i] = ((pixels[i * 3 + channel] & 0xff) - m) * s;
      }
    }
    out.put(planes, 0, area * 3);
  }

  /** Writes a 1-channel 8-bit Mat as floats {@code value * scale}. */
  static void fillGray(Mat gray, FloatBuffer out, float scale) {
    int length = gray.rows() * gray.cols();
    byte[] pixels = bytes(gray);
    float[] values = values(length);
    for (int i = 0; i < length; i++) {
      values[i] = (pixels[i] & 0xff) * scale;
    }
    out.put(values, 0, length);
  }

  static float[] softmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] exp = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exp[i] = Math.exp(logits[i] - max);
      sum += exp[i];
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (exp[i] / sum);
    }
    return out;
  }
}
