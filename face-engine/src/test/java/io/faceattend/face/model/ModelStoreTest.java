package io.faceattend.face.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.FaceEngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @Test
  void everyPinnedModelVerifies() {
    assertThat(ModelStore.loadVerified(ModelStore.defaultModelDir())).hasSize(6);
  }

  @Test
  void tamperedModelStopsTheStart(@TempDir Path dir) throws Exception {
    copyModels(dir);
    Path eye = dir.resolve(PinnedModels.EYE);
    byte[] bytes = Files.readAllBytes(eye);
    bytes[bytes.length / 2] ^= 1;
    Files.write(eye, bytes);
    assertThatThrownBy(() -> new FaceEngine(FaceEngineConfig.defaults().withModelDir(dir)))
        .isInstanceOf(FaceEngineException.class)
        .hasMessageContaining("fr_eye.onnx")
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("model_tampered");
  }

  @Test
  void missingModelStopsTheStart(@TempDir Path dir) throws Exception {
    copyModels(dir);
    Files.delete(dir.resolve(PinnedModels.FEATURE));
    assertThatThrownBy(() -> new FaceEngine(FaceEngineConfig.defaults().withModelDir(dir)))
        .hasMessageContaining("fr_feature.onnx")
        .extracting(e -> ((FaceEngineException) e).code())
        .isEqualTo("model_missing");
  }

  private static void copyModels(Path dir) throws Exception {
    for (String name : PinnedModels.digests().keySet()) {
      Files.copy(ModelStore.defaultModelDir().resolve(name), dir.resolve(name));
    }
  }
}
