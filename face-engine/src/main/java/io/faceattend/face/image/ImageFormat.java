package io.faceattend.face.image;

/**
 * The image formats the engine accepts, recognised from the first bytes (never from a file name).
 */
public enum ImageFormat {
  JPEG,
  PNG,
  WEBP;

  /** The format whose signature starts {@code data}, or {@code null} if none does. */
  public static ImageFormat sniff(byte[] data) {
    if (data.length >= 3
        && (data[0] & 0xff) == 0xff
        && (data[1] & 0xff) == 0xd8
        && (data[2] & 0xff) == 0xff) {
      return JPEG;
    }
    if (data.length >= 8
        && (data[0] & 0xff) == 0x89
        && data[1] == 'P'
        && data[2] == 'N'
        && data[3] == 'G'
        && data[4] == 0x0d
        && data[5] == 0x0a
        && data[6] == 0x1a
        && data[7] == 0x0a) {
      return PNG;
    }
    if (data.length >= 12
        && data[0] == 'R'
        && data[1] == 'I'
        && data[2] == 'F'
        && data[3] == 'F'
        && data[8] == 'W'
        && data[9] == 'E'
        && data[10] == 'B'
        && data[11] == 'P') {
      return WEBP;
    }
    return null;
  }
}
