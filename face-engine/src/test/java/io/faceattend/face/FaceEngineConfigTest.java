package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Environment overrides and copies change only what they name. */
class FaceEngineConfigTest {

  @Test
  void environmentOverridesOnlyWhatItNames() {
    FaceEngineConfig defaults = FaceEngineConfig.defaults();
    FaceEngineConfig config =
        FaceEngineConfig.fromMap(
            Map.of(
                "FACEATTEND_FACE_MATCH_THRESHOLD", "0.45",
                "FACEATTEND_FACE_THREADS", "3",
                "FACEATTEND_FACE_MAX_IMAGE_PIXELS", " 1000 "));
    assertThat(config.verifyThreshold()).isEqualTo(0.45f);
    assertThat(config.intraOpThreads()).isEqualTo(3);
    assertThat(config.maxImagePixels()).isEqualTo(1000L);
    assertThat(config.identifyThreshold()).isEqualTo(defaults.identifyThreshold());
    assertThat(config.maxImageBytes()).isEqualTo(defaults.maxImageBytes());
    assertThat(config.decodeLongSide()).isEqualTo(defaults.decodeLongSide());
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> FaceEngineConfig.fromMap(Map.of("FACEATTEND_FACE_MIN_SIZE", "big")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FACEATTEND_FACE_MIN_SIZE");
    assertThatThrownBy(() -> FaceEngineConfig.defaults().withIntraOpThreads(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copiesChangeOnlyTheirValues() {
    FaceEngineConfig defaults = FaceEngineConfig.defaults();
    FaceEngineConfig copy =
        defaults
            .withModelDir(Path.of("/tmp/models"))
            .withThresholds(0.4f, 0.6f, 0.7f)
            .withImageLimits(10, 20);
    assertThat(copy)
        .isEqualTo(
            new FaceEngineConfig(
                Path.of("/tmp/models"),
                defaults.intraOpThreads(),
                defaults.detectionThreshold(),
                defaults.nmsThreshold(),
                0.4f,
                0.6f,
                0.7f,
                defaults.eyeOpenThreshold(),
                defaults.minFaceSize(),
                defaults.maxYaw(),
                defaults.maxPitch(),
                defaults.maxRoll(),
                defaults.minSharpness(),
                defaults.minBrightness(),
                defaults.maxBrightness(),
                10,
                20,
                defaults.decodeLongSide(),
                defaults.embeddingModel(),
                defaults.legacyModels()));
  }

  @Test
  void embeddingModelsComeFromTheEnvironment() {
    FaceEngineConfig config =
        FaceEngineConfig.fromMap(
            Map.of(
                "FACEATTEND_FACE_EMBEDDING_MODEL",
                "acme-face@2;channels=bgr;crop=0.8",
                "FACEATTEND_FACE_LEGACY_MODELS",
                " faceplugin-fr-feature@0.0.1 ,"));
    assertThat(config.embeddingModel().id()).isEqualTo("acme-face@2");
    assertThat(config.embeddingModel().bgr()).isTrue();
    assertThat(config.embeddingModel().cropScale()).isEqualTo(0.8f);
    assertThat(config.legacyModels()).containsExactly(EmbeddingModel.SHIPPED);
    assertThat(FaceEngineConfig.defaults().embeddingModel()).isEqualTo(EmbeddingModel.SHIPPED);
    assertThat(FaceEngineConfig.defaults().legacyModels()).isEmpty();
  }

  @Test
  void badEmbeddingModelsAreRefused() {
    // an unpinned file, a model listed twice, no version
    assertThatThrownBy(
            () ->
                FaceEngineConfig.fromMap(
                    Map.of("FACEATTEND_FACE_EMBEDDING_MODEL", "x@1;file=other.onnx")))
        .hasMessageContaining("FACEATTEND_FACE_EMBEDDING_MODEL");
    assertThatThrownBy(
            () ->
                FaceEngineConfig.fromMap(
                    Map.of("FACEATTEND_FACE_LEGACY_MODELS", "faceplugin-fr-feature@0.0.1")))
        .hasMessageContaining("configured twice");
    assertThatThrownBy(() -> EmbeddingModel.parse("nameonly")).hasMessageContaining("name@version");
  }
}
