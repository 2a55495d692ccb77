package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/**
 * A 36-megapixel photo (7360 x 4912, a common full-frame size) with one small face: accepted,
 * decoded at reduced scale, and the face still found and matched to its source.
 */
class SmallFaceInLargePhotoTest {
  @Test
  void smallFaceInA36MegapixelPhotoIsFoundAndMatches() {
    String source = "people/katy_perry/5.jpg"; // face about 160 px in a 480 x 720 photo
    byte[] large;
    try (Mat portrait = SyntheticImages.decode(TestPhotos.bytes(source));
        Mat small = new Mat();
        Mat canvas = new Mat(4912, 7360, CV_8UC3, new Scalar(90, 110, 120, 0))) {
      resize(portrait, small, new Size(240, 360)); // face about 80 px
      try (Mat target = new Mat(canvas, new Rect(5000, 3000, 240, 360))) {
        small.copyTo(target);
      }
      large = SyntheticImages.encode(canvas, ".jpg");
    }
    FaceEngine engine = SharedEngine.get();
    AnalysisResult result = engine.analyze(large, AnalyzeOptions.WITH_EMBEDDINGS);
    assertThat(result.imageWidth()).isEqualTo(7360);
    assertThat(result.faces()).hasSize(1);
    Face face = result.faces().get(0);
    assertThat(face.box().x1()).isBetween(5000f, 5240f);
    assertThat(face.box().y1()).isBetween(3000f, 3360f);
    float[] original = engine.embed(TestPhotos.bytes(source)).embedding();
    assertThat(engine.isMatch(engine.similarity(face.embedding(), original))).isTrue();
  }
}
