package io.faceattend.face.image;

/** Format and stored pixel size of an image, read from its header without decoding the pixels. */
public record ImageHeader(ImageFormat format, int width, int height) {
  public long pixels() {
    return (long) width * height;
  }
}
