package io.faceattend.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.face.FaceEngineException;
import io.faceattend.face.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageIntakeTest {
  private final ImageDecoder decoder = new ImageDecoder(40L << 20, 52_428_800L, 1600);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "people/scarlett_johansson/3.jpg, WEBP",
    "people/cai_xukun/1.jpg, PNG",
    "people/alex_lacamoire/1.png, PNG",
    "people/barack_obama/1.jpg, JPEG",
  })
  void formatIsSniffedFromContentNotName(String path, ImageFormat expected) {
    byte[] bytes = TestPhotos.bytes(path);
    assertThat(decoder.inspect(bytes).format()).isEqualTo(expected);
    try (DecodedImage image = decoder.decode(bytes)) {
      assertThat(image.width()).isPositive();
      assertThat(image.bgr().channels()).isEqualTo(3);
    }
  }

  @Test
  void exifOrientationIsApplied() {
    // stored 640x480 with EXIF Orientation=6: upright it is 480 wide and 640 high
    byte[] bytes = TestPhotos.bytes("live/silentface_image_T1.jpg");
    ImageHeader header = decoder.inspect(bytes);
    assertThat(header.width()).isEqualTo(640);
    try (DecodedImage image = decoder.decode(bytes)) {
      assertThat(image.width()).isEqualTo(480);
      assertThat(image.height()).isEqualTo(640);
    }
  }

  @Test
  void largePhotoIsDecodedAtReducedScale() {
    byte[] bytes = TestPhotos.bytes("people/scarlett_johansson/5.jpg"); // 4352 x 2903
    try (DecodedImage image = decoder.decode(bytes)) {
      assertThat(image.reduction()).isEqualTo(2);
      assertThat(image.width()).isEqualTo(2176);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "invalid/truncated.jpg, image_unreadable",
    "invalid/corrupted.png, image_unreadable",
    "invalid/empty.png, unsupported_image_format",
  })
  void brokenFilesGetTheirCodes(String path, String code) {
    assertThatThrownBy(() -> decoder.decode(TestPhotos.bytes(path)))
        .isInstanceOf(FaceEngineException.class)
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo(code);
  }

  @Test
  void dataAppendedAfterTheJpegIsAccepted() {
    // phones append a video after the JPEG (motion photos): several MB after the end-of-image
    // marker
    byte[] jpeg = TestPhotos.bytes("people/barack_obama/1.jpg");
    byte[] withVideo = Arrays.copyOf(jpeg, jpeg.length + 3 * 1024 * 1024);
    Arrays.fill(withVideo, jpeg.length, withVideo.length, (byte) 0x42);
    try (DecodedImage image = decoder.decode(withVideo)) {
      assertThat(image.width()).isEqualTo(910);
    }
  }

  @Test
  void jpegCutInTheMiddleIsUnreadable() {
    byte[] jpeg = TestPhotos.bytes("people/barack_obama/1.jpg");
    assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2)))
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("image_unreadable");
  }

  @Test
  void emptyInputIsUnreadable() {
    assertThatThrownBy(() -> decoder.decode(new byte[0]))
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("image_unreadable");
  }

  @Test
  void tooManyBytesIsRefusedBeforeDecoding() {
    ImageDecoder small = new ImageDecoder(1000, 52_428_800L, 1600);
    assertThatThrownBy(() -> small.decode(TestPhotos.bytes("people/barack_obama/1.jpg")))
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("image_too_large");
  }

  @Test
  void decompressionBombIsRefusedFromItsHeader() throws Exception {
    // a 1.2 KB PNG whose header declares 100000 x 100000 pixels (10 gigapixels) of zeros
    byte[] bomb = pngDeclaring(100_000, 100_000);
    assertThat(bomb.length).isLessThan(2048);
    long start = System.nanoTime();
    assertThatThrownBy(() -> decoder.decode(bomb))
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("image_too_large");
    assertThat(System.nanoTime() - start).as("refused without decoding").isLessThan(1_000_000_000L);
  }

  @Test
  void fiftyMegapixelPhoneSizeIsWithinTheLimit() throws Exception {
    // 8160 x 6144 = 50.1 MP, the largest phone sensors: the header check lets it through
    assertThat(decoder.inspect(pngDeclaring(8160, 6144)).pixels()).isEqualTo(8160L * 6144);
  }

  @Test
  void jpegAboveThePixelLimitIsRefused() {
    byte[] jpeg = TestPhotos.bytes("people/scarlett_johansson/5.jpg"); // 12.6 MP
    ImageDecoder tenMegapixels = new ImageDecoder(40L << 20, 10_000_000L, 1600);
    assertThatThrownBy(() -> tenMegapixels.decode(jpeg))
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("image_too_large");
  }

  private static byte[] pngDeclaring(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater(9);
    deflater.setInput(new byte[1 << 20]);
    deflater.finish();
    byte[] buffer = new byte[4096];
    int length = deflater.deflate(buffer);
    chunk(out, "IDAT", Arrays.copyOf(buffer, length));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
