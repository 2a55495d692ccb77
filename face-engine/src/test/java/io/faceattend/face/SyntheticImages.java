package io.faceattend.face;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * In-memory image helpers for tests that derive images from shared photos (never written to disk).
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  public static Mat decode(byte[] bytes) {
    try (Mat buffer = new Mat(bytes)) {
      return imdecode(buffer, IMREAD_COLOR);
    }
  }

  public static byte[] encode(Mat image, String extension) {
    try (BytePointer out = new BytePointer()) {
      if (!imencode(extension, image, out)) {
        throw new IllegalStateException("cannot encode " + extension);
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }
}
