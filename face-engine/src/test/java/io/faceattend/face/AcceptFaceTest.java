package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** The enrolment/check-in gates, each refused with its own code. */
class AcceptFaceTest {
  private static final String GOOD_SELFIE = "people/katy_perry/5.jpg";

  @Test
  void goodPortraitIsAcceptedWithItsEmbedding() {
    Face face = SharedEngine.get().acceptFace(TestPhotos.bytes(GOOD_SELFIE));
    assertThat(face.embedding()).hasSize(512);
    assertThat(face.liveness().live()).isTrue();
    assertThat(face.eyesOpen()).isTrue();
  }

  @Test
  void noFace() {
    assertCode("no_face", TestPhotos.bytes("no_face/inspireface_view.jpg"));
  }

  @Test
  void twoPeople() {
    assertCode("multiple_faces", TestPhotos.bytes("groups/kit_with_rose.jpg"));
  }

  @Test
  void faceTooSmall() {
    try (Mat photo = SyntheticImages.decode(TestPhotos.bytes(GOOD_SELFIE));
        Mat small = new Mat()) {
      resize(photo, small, new Size(photo.cols() / 3, photo.rows() / 3));
      assertCode("face_too_small", SyntheticImages.encode(small, ".png"));
    }
  }

  @Test
  void headTiltedTooFar() {
    try (Mat photo = SyntheticImages.decode(TestPhotos.bytes(GOOD_SELFIE));
        Mat tilted = new Mat()) {
      Mat rotation = getRotationMatrix2D(new Point2f(photo.cols() / 2f, photo.rows() / 3f), 45, 1);
      warpAffine(photo, tilted, rotation, photo.size());
      assertCode("pose_out_of_range", SyntheticImages.encode(tilted, ".png"));
    }
  }

  @Test
  void eyesClosed() {
    // a live capture looking down: the eye model reads both eyes as closed
    assertCode("eyes_closed", TestPhotos.bytes("live/silentface_image_T1.jpg"));
  }

  @Test
  void tooDark() {
    try (Mat photo = SyntheticImages.decode(TestPhotos.bytes(GOOD_SELFIE));
        Mat dark = new Mat()) {
      photo.convertTo(dark, -1, 0.2, 0);
      assertCode("low_quality", SyntheticImages.encode(dark, ".png"));
    }
  }

  @Test
  void screenReplay() {
    assertCode("liveness_failed", TestPhotos.bytes("spoof/silentface_image_F2_screen.jpg"));
  }

  private static void assertCode(String code, byte[] image) {
    assertThatThrownBy(() -> SharedEngine.get().acceptFace(image))
        .isInstanceOf(FaceEngineException.class)
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo(code);
  }
}
