package io.faceattend.face.image;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An upright (EXIF orientation applied) 8-bit BGR image in native memory, possibly decoded at a
 * reduced scale. Owns its pixels: close it when done.
 *
 * @param bgr the pixels, 3 channels, BGR order
 * @param header format and stored size from the file header
 * @param reduction the decode scale divisor (1, 2, 4 or 8): one decoded pixel covers reduction^2
 *     stored ones
 */
public record DecodedImage(Mat bgr, ImageHeader header, int reduction) implements AutoCloseable {
  public int width() {
    return bgr.cols();
  }

  public int height() {
    return bgr.rows();
  }

  @Override
  public void close() {
    bgr.close();
  }
}
