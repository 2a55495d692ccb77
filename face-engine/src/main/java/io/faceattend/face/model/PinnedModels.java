package io.faceattend.face.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model files the engine uses and their pinned SHA-256 digests, read from {@code models.sha256}
 * on the classpath (one file, used by both the build-time fetcher and the run-time check).
 */
public final class PinnedModels {
  /** The npm package the models come from, as given to {@code npm pack}. */
  public static final String NPM_PACKAGE = "faceplugin-face-recognition-js@0.0.1";

  /** Folder inside the npm tarball that holds the models. */
  public static final String TARBALL_MODEL_FOLDER = "package/model/";

  public static final String DETECT = "fr_detect.onnx";
  public static final String LANDMARK = "fr_landmark.onnx";
  public static final String FEATURE = "fr_feature.onnx";
  public static final String LIVENESS = "fr_liveness.onnx";
  public static final String EYE = "fr_eye.onnx";
  public static final String POSE = "fr_pose.onnx";

  private static final Map<String, String> DIGESTS = load();

  private PinnedModels() {}

  /** File name to lower-case hex SHA-256, in file order. */
  public static Map<String, String> digests() {
    return DIGESTS;
  }

  private static Map<String, String> load() {
    Map<String, String> digests = new LinkedHashMap<>();
    try (InputStream in = PinnedModels.class.getResourceAsStream("models.sha256")) {
      if (in == null) {
        throw new IllegalStateException("models.sha256 is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+");
        if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
          throw new IllegalStateException("bad line in models.sha256: " + trimmed);
        }
        digests.put(parts[1], parts[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableMap(digests);
  }
}
