package io.faceattend.face.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns image bytes into an upright BGR {@link DecodedImage}, in memory only. Order of checks: byte
 * limit, format sniffed from the content, header size against the pixel limit, then the (possibly
 * reduced-scale) decode. OpenCV applies the EXIF orientation while decoding.
 *
 * @param maxBytes largest accepted file
 * @param maxPixels largest accepted stored width x height
 * @param preferredLongSide decode at 1/2, 1/4 or 1/8 scale as long as the longer side stays at
 *     least this long
 */
public record ImageDecoder(long maxBytes, long maxPixels, int preferredLongSide) {

  /** Reads and checks the header only. */
  public ImageHeader inspect(byte[] data) {
    if (data == null) {
      throw new FaceEngineException(ErrorCode.IMAGE_UNREADABLE, "no image was given");
    }
    if (data.length > maxBytes) {
      throw new FaceEngineException(
          ErrorCode.IMAGE_TOO_LARGE,
          "the image is " + data.length + " bytes; the limit is " + maxBytes);
    }
    ImageHeader header = ImageHeaderReader.read(data);
    if (header.pixels() > maxPixels) {
      throw new FaceEngineException(
          ErrorCode.IMAGE_TOO_LARGE,
          "the image is "
              + header.width()
              + "x"
              + header.height()
              + " pixels; the limit is "
              + maxPixels
              + " pixels");
    }
    return header;
  }

  /**
   * Decodes at the coarsest scale that keeps the longer side at least {@code preferredLongSide}.
   */
  public DecodedImage decode(byte[] data) {
    ImageHeader header = inspect(data);
    int longSide = Math.max(header.width(), header.height());
    int reduction = 1;
    while (reduction < 8 && longSide / (reduction * 2) >= preferredLongSide) {
      reduction *= 2;
    }
    return decode(data, header, reduction);
  }

  /** Decodes at a given scale divisor (1, 2, 4 or 8), after the same checks. */
  public DecodedImage decode(byte[] data, ImageHeader header, int reduction) {
    int flags =
        switch (reduction) {
          case 1 -> IMREAD_COLOR;
          case 2 -> IMREAD_REDUCED_COLOR_2;
          case 4 -> IMREAD_REDUCED_COLOR_4;
          case 8 -> IMREAD_REDUCED_COLOR_8;
          default -> throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8");
        };
    Mat bgr;
    try (BytePointer bytes = new BytePointer(data);
        Mat buffer =
            new Mat(1, data.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, bytes)) {
      bgr = imdecode(buffer, flags);
    } catch (RuntimeException e) {
      throw new FaceEngineException(
          ErrorCode.IMAGE_UNREADABLE,
          "the " + header.format().name() + " image cannot be decoded",
          e);
    }
    if (bgr == null || bgr.empty() || bgr.channels() != 3) {
      if (bgr != null) {
        bgr.close();
      }
      throw new FaceEngineException(
          ErrorCode.IMAGE_UNREADABLE,
          "the " + header.format().name() + " image cannot be decoded (corrupt or truncated data)");
    }
    return new DecodedImage(bgr, header, reduction);
  }
}
