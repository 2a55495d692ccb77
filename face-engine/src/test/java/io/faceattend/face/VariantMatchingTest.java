package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each derived copy in variants/ (rotated, mirrored, cropped, letterboxed, RGBA) matches its
 * original.
 */
class VariantMatchingTest {
  @ParameterizedTest(name = "{0} matches {1}")
  @CsvSource({
    "variants/barack_obama_32bit_rgba.png, people/barack_obama/2.jpg",
    "variants/barack_obama_partial_face.jpg, people/barack_obama/1.jpg",
    "variants/barack_obama_240p.jpg, people/barack_obama/1.jpg",
    "variants/angelina_jolie_img11_reflection.jpg, people/angelina_jolie/8.jpg",
    "variants/cai_xukun_crop.png, people/cai_xukun/1.jpg",
    "variants/cai_xukun_r90.jpg, people/cai_xukun/1.jpg",
    "variants/cai_xukun_r180.jpg, people/cai_xukun/1.jpg",
    "variants/cai_xukun_r270.jpg, people/cai_xukun/1.jpg",
    "variants/albert_einstein.png, people/albert_einstein/1.jpeg",
  })
  void variantMatchesItsOriginal(String variant, String original) {
    FaceEngine engine = SharedEngine.get();
    float[] template = engine.embed(TestPhotos.bytes(original)).embedding();
    VerifyResult result = engine.verify(TestPhotos.bytes(variant), List.of(template));
    assertThat(result.match())
        .as("%s vs %s similarity %.3f", variant, original, result.similarity())
        .isTrue();
  }
}
