package io.faceattend.face.image;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the pixel size from a JPEG, PNG or WebP header so that limits are enforced before any
 * decoding (a decompression bomb costs a few header reads, not gigabytes). Also catches truncated
 * JPEGs, which lenient decoders would silently fill with grey.
 */
public final class ImageHeaderReader {
  private ImageHeaderReader() {}

  public static ImageHeader read(byte[] data) {
    if (data.length == 0) {
      throw unreadable("the image is empty");
    }
    ImageFormat format = ImageFormat.sniff(data);
    if (format == null) {
      throw new FaceEngineException(
          ErrorCode.UNSUPPORTED_IMAGE_FORMAT, "the content is not a JPEG, PNG or WebP image");
    }
    return switch (format) {
      case JPEG -> readJpeg(data);
      case PNG -> readPng(data);
      case WEBP -> readWebp(data);
    };
  }

  private static ImageHeader readJpeg(byte[] data) {
    int pos = 2;
    int width = 0;
    int height = 0;
    while (pos + 4 <= data.length) {
      if ((data[pos] & 0xff) != 0xff) {
        throw unreadable("the JPEG header is corrupt");
      }
      int marker = data[pos + 1] & 0xff;
      if (marker == 0xff) { // fill byte
        pos++;
        continue;
      }
      int length = u16(data, pos + 2);
      boolean startOfFrame =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (startOfFrame && width == 0) {
        if (pos + 9 > data.length) {
          break;
        }
        height = u16(data, pos + 5);
        width = u16(data, pos + 7);
        if (width == 0 || height == 0) {
          throw unreadable("the JPEG header declares an empty image");
        }
      }
      if (marker == 0xda) { // start of scan: the compressed data follows
        if (width == 0) {
          break;
        }
        if (!hasEndOfImage(data, pos)) {
          throw unreadable("the JPEG is truncated (no end-of-image marker)");
        }
        return new ImageHeader(ImageFormat.JPEG, width, height);
      }
      if (length < 2) {
        break;
      }
      pos += 2 + length;
    }
    throw unreadable("the JPEG has no frame header or scan (truncated or corrupt)");
  }

  /**
   * A complete JPEG has an end-of-image marker (FFD9) after its scan data. Inside the scan an FF
   * byte is always followed by 00 or a restart marker, so the first FFD9 after the start of scan is
   * the real end; phones may append megabytes after it (motion photos), so the whole rest of the
   * file is searched.
   */
  private static boolean hasEndOfImage(byte[] data, int startOfScan) {
    for (int i = startOfScan + 2; i < data.length - 1; i++) {
      if (data[i] == (byte) 0xff && data[i + 1] == (byte) 0xd9) {
        return true;
      }
    }
    return false;
  }

  private static ImageHeader readPng(byte[] data) {
    // 8-byte signature, then the IHDR chunk: length 13, "IHDR", width, height (big-endian).
    if (data.length < 33
        || u32(data, 8) != 13
        || data[12] != 'I'
        || data[13] != 'H'
        || data[14] != 'D'
        || data[15] != 'R') {
      throw unreadable("the PNG header is corrupt");
    }
    long width = u32(data, 16);
    long height = u32(data, 20);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw unreadable("the PNG header declares an invalid size");
    }
    return new ImageHeader(ImageFormat.PNG, (int) width, (int) height);
  }

  private static ImageHeader readWebp(byte[] data) {
    if (data.length < 30) {
      throw unreadable("the WebP file is truncated");
    }
    String chunk = new String(data, 12, 4, StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 " -> {
        // lossy: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height
        if ((data[23] & 0xff) != 0x9d || (data[24] & 0xff) != 0x01 || (data[25] & 0xff) != 0x2a) {
          throw unreadable("the WebP (VP8) header is corrupt");
        }
        int width = u16le(data, 26) & 0x3fff;
        int height = u16le(data, 28) & 0x3fff;
        return checked(width, height);
      }
      case "VP8L" -> {
        if ((data[20] & 0xff) != 0x2f) {
          throw unreadable("the WebP (VP8L) header is corrupt");
        }
        int bits =
            (data[21] & 0xff)
                | (data[22] & 0xff) << 8
                | (data[23] & 0xff) << 16
                | (data[24] & 0xff) << 24;
        return checked((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      case "VP8X" -> {
        int width = ((data[24] & 0xff) | (data[25] & 0xff) << 8 | (data[26] & 0xff) << 16) + 1;
        int height = ((data[27] & 0xff) | (data[28] & 0xff) << 8 | (data[29] & 0xff) << 16) + 1;
        return checked(width, height);
      }
      default -> throw unreadable("the WebP file has an unknown chunk " + chunk.strip());
    }
  }

  private static ImageHeader checked(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw unreadable("the WebP header declares an empty image");
    }
    return new ImageHeader(ImageFormat.WEBP, width, height);
  }

  private static FaceEngineException unreadable(String message) {
    return new FaceEngineException(ErrorCode.IMAGE_UNREADABLE, message);
  }

  private static int u16(byte[] data, int pos) {
    if (pos + 2 > data.length) {
      throw unreadable("the image header is truncated");
    }
    return (data[pos] & 0xff) << 8 | (data[pos + 1] & 0xff);
  }

  private static int u16le(byte[] data, int pos) {
    return (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
  }

  private static long u32(byte[] data, int pos) {
    return (long) (data[pos] & 0xff) << 24
        | (data[pos + 1] & 0xff) << 16
        | (data[pos + 2] & 0xff) << 8
        | (data[pos + 3] & 0xff);
  }
}
