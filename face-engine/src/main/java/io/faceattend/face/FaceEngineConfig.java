package io.faceattend.face;

import io.faceattend.face.model.ModelStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything the face engine can be tuned by. Defaults come from {@link #defaults()}; {@link
 * #fromEnvironment()} lets environment variables override them (names in docs/face-engine.md).
 * Thresholds were calibrated on the shared development photographs; see docs/face-engine.md for
 * how.
 *
 * @param modelDir folder with the verified ONNX models
 * @param intraOpThreads ONNX Runtime threads per inference
 * @param detectionThreshold minimum detector confidence for a face
 * @param nmsThreshold IoU above which overlapping detections are merged
 * @param verifyThreshold minimum cosine similarity for "same person" in 1:1 verification (a probe
 *     against one claimed person's templates); calibrated for a false accept rate of about 1e-4 per
 *     comparison
 * @param identifyThreshold minimum cosine similarity for the best candidate in 1:N identification
 *     (a probe searched against everyone enrolled): each extra person is one more chance of a false
 *     accept, so it is stricter than {@code verifyThreshold}
 * @param livenessThreshold minimum live probability for "live"
 * @param eyeOpenThreshold minimum open probability for an eye to count as open
 * @param minFaceSize smallest face (shorter box side, original pixels) accepted by the check-in
 *     gates, and the size below which extra faces are ignored when exactly one face is required
 * @param maxYaw largest |yaw| in degrees accepted by the gates
 * @param maxPitch largest |pitch| in degrees accepted by the gates
 * @param maxRoll largest |roll| in degrees accepted by the gates
 * @param minSharpness smallest Laplacian variance of the aligned face accepted by the gates
 * @param minBrightness darkest mean grey level accepted by the gates
 * @param maxBrightness brightest mean grey level accepted by the gates
 * @param maxImageBytes largest accepted image file
 * @param maxImagePixels largest accepted stored width x height
 * @param decodeLongSide large images are decoded at 1/2, 1/4 or 1/8 scale while the longer side
 *     stays at least this many pixels
 * @param embeddingModel the model new templates and probes are embedded with
 * @param legacyModels older embedding models kept loaded so that templates they made still verify
 *     (each probe is then embedded again by the template's own model; never compared across models)
 */
public record FaceEngineConfig(
    Path modelDir,
    int intraOpThreads,
    float detectionThreshold,
    float nmsThreshold,
    float verifyThreshold,
    float identifyThreshold,
    float livenessThreshold,
    float eyeOpenThreshold,
    int minFaceSize,
    float maxYaw,
    float maxPitch,
    float maxRoll,
    float minSharpness,
    float minBrightness,
    float maxBrightness,
    long maxImageBytes,
    long maxImagePixels,
    int decodeLongSide,
    EmbeddingModel embeddingModel,
    List<EmbeddingModel> legacyModels) {

  /** Calibrated 1:1 verification threshold (cosine similarity); see docs/face-engine.md. */
  public static final float DEFAULT_VERIFY_THRESHOLD = 0.38f;

  /** Calibrated 1:N identification threshold (cosine similarity); see docs/face-engine.md. */
  public static final float DEFAULT_IDENTIFY_THRESHOLD = 0.52f;

  /** Calibrated liveness threshold; see docs/face-engine.md. */
  public static final float DEFAULT_LIVENESS_THRESHOLD = 0.50f;

  public FaceEngineConfig {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be at least 1");
    }
    if (maxImagePixels < 1 || maxImageBytes < 1) {
      throw new IllegalArgumentException("image limits must be positive");
    }
    if (embeddingModel == null) {
      throw new IllegalArgumentException("an embedding model is required");
    }
    legacyModels = List.copyOf(legacyModels);
    Set<String> ids = new HashSet<>();
    ids.add(embeddingModel.id());
    for (EmbeddingModel legacy : legacyModels) {
      if (!ids.add(legacy.id())) {
        throw new IllegalArgumentException(
            "embedding model " + legacy.id() + " is configured twice");
      }
    }
  }

  /** The shipped defaults, models from {@link ModelStore#defaultModelDir()}. */
  public static FaceEngineConfig defaults() {
    return new FaceEngineConfig(
        ModelStore.defaultModelDir(),
        1,
        0.70f,
        0.40f,
        DEFAULT_VERIFY_THRESHOLD,
        DEFAULT_IDENTIFY_THRESHOLD,
        DEFAULT_LIVENESS_THRESHOLD,
        0.50f,
        64,
        30f,
        30f,
        30f,
        20f,
        40f,
        220f,
        40L * 1024 * 1024,
        52_428_800L, // 50 MiP, the largest phone cameras (8160 x 6144) fit
        1600,
        EmbeddingModel.SHIPPED,
        List.of());
  }

  /** {@link #defaults()} with overrides from environment variables (see docs/face-engine.md). */
  public static FaceEngineConfig fromEnvironment() {
    return fromMap(System.getenv());
  }

  /** {@link #defaults()} with overrides from these variables (as {@link #fromEnvironment()}). */
  public static FaceEngineConfig fromMap(Map<String, String> env) {
    FaceEngineConfig d = defaults();
    Builder b = d.toBuilder();
    b.modelDir = get(env, ModelStore.MODEL_DIR_ENV, Path::of, d.modelDir);
    b.intraOpThreads = get(env, "FACEATTEND_FACE_THREADS", Integer::parseInt, d.intraOpThreads);
    b.detectionThreshold =
        get(env, "FACEATTEND_FACE_DETECTION_THRESHOLD", Float::parseFloat, d.detectionThreshold);
    b.verifyThreshold =
        get(env, "FACEATTEND_FACE_MATCH_THRESHOLD", Float::parseFloat, d.verifyThreshold);
    b.identifyThreshold =
        get(env, "FACEATTEND_FACE_IDENTIFY_THRESHOLD", Float::parseFloat, d.identifyThreshold);
    b.livenessThreshold =
        get(env, "FACEATTEND_FACE_LIVENESS_THRESHOLD", Float::parseFloat, d.livenessThreshold);
    b.minFaceSize = get(env, "FACEATTEND_FACE_MIN_SIZE", Integer::parseInt, d.minFaceSize);
    b.maxImageBytes = get(env, "FACEATTEND_FACE_MAX_IMAGE_BYTES", Long::parseLong, d.maxImageBytes);
    b.maxImagePixels =
        get(env, "FACEATTEND_FACE_MAX_IMAGE_PIXELS", Long::parseLong, d.maxImagePixels);
    b.embeddingModel =
        get(env, "FACEATTEND_FACE_EMBEDDING_MODEL", EmbeddingModel::parse, d.embeddingModel);
    b.legacyModels =
        get(
            env,
            "FACEATTEND_FACE_LEGACY_MODELS",
            value ->
                Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(spec -> !spec.isEmpty())
                    .map(EmbeddingModel::parse)
                    .toList(),
            d.legacyModels);
    return b.build();
  }

  private static <T> T get(
      Map<String, String> env, String name, Function<String, T> parse, T fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parse.apply(value.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "environment variable " + name + " has a bad value: " + value, e);
    }
  }

  public FaceEngineConfig withModelDir(Path dir) {
    Builder b = toBuilder();
    b.modelDir = dir;
    return b.build();
  }

  public FaceEngineConfig withIntraOpThreads(int threads) {
    Builder b = toBuilder();
    b.intraOpThreads = threads;
    return b.build();
  }

  public FaceEngineConfig withImageLimits(long bytes, long pixels) {
    Builder b = toBuilder();
    b.maxImageBytes = bytes;
    b.maxImagePixels = pixels;
    return b.build();
  }

  /** The 1:1 threshold; the name before 1:N identification had its own. */
  @Deprecated
  public float matchThreshold() {
    return verifyThreshold;
  }

  /** A copy with these verification (1:1) and liveness thresholds. */
  public FaceEngineConfig withThresholds(float verify, float liveness) {
    return withThresholds(verify, identifyThreshold, liveness);
  }

  /** A copy with these verification (1:1), identification (1:N) and liveness thresholds. */
  public FaceEngineConfig withThresholds(float verify, float identify, float liveness) {
    Builder b = toBuilder();
    b.verifyThreshold = verify;
    b.identifyThreshold = identify;
    b.livenessThreshold = liveness;
    return b.build();
  }

  /** A copy embedding with {@code current}, keeping {@code legacy} loaded for older templates. */
  public FaceEngineConfig withEmbeddingModels(EmbeddingModel current, List<EmbeddingModel> legacy) {
    Builder b = toBuilder();
    b.embeddingModel = current;
    b.legacyModels = legacy;
    return b.build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /** The one place a copy of a config with some values changed is assembled. */
  private static final class Builder {
    private Path modelDir;
    private int intraOpThreads;
    private float detectionThreshold;
    private float nmsThreshold;
    private float verifyThreshold;
    private float identifyThreshold;
    private float livenessThreshold;
    private float eyeOpenThreshold;
    private int minFaceSize;
    private float maxYaw;
    private float maxPitch;
    private float maxRoll;
    private float minSharpness;
    private float minBrightness;
    private float maxBrightness;
    private long maxImageBytes;
    private long maxImagePixels;
    private int decodeLongSide;
    private EmbeddingModel embeddingModel;
    private List<EmbeddingModel> legacyModels;

    private Builder(FaceEngineConfig c) {
      modelDir = c.modelDir;
      intraOpThreads = c.intraOpThreads;
      detectionThreshold = c.detectionThreshold;
      nmsThreshold = c.nmsThreshold;
      verifyThreshold = c.verifyThreshold;
      identifyThreshold = c.identifyThreshold;
      livenessThreshold = c.livenessThreshold;
      eyeOpenThreshold = c.eyeOpenThreshold;
      minFaceSize = c.minFaceSize;
      maxYaw = c.maxYaw;
      maxPitch = c.maxPitch;
      maxRoll = c.maxRoll;
      minSharpness = c.minSharpness;
      minBrightness = c.minBrightness;
      maxBrightness = c.maxBrightness;
      maxImageBytes = c.maxImageBytes;
      maxImagePixels = c.maxImagePixels;
      decodeLongSide = c.decodeLongSide;
      embeddingModel = c.embeddingModel;
      legacyModels = c.legacyModels;
    }

    private FaceEngineConfig build() {
      return new FaceEngineConfig(
          modelDir,
          intraOpThreads,
          detectionThreshold,
          nmsThreshold,
          verifyThreshold,
          identifyThreshold,
          livenessThreshold,
          eyeOpenThreshold,
          minFaceSize,
          maxYaw,
          maxPitch,
          maxRoll,
          minSharpness,
          minBrightness,
          maxBrightness,
          maxImageBytes,
          maxImagePixels,
          decodeLongSide,
          embeddingModel,
          legacyModels);
    }
  }
}
