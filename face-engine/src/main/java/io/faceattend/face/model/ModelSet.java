package io.faceattend.face.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.nio.file.Path;
import java.util.Map;

/** The six verified ONNX sessions, built once per engine. */
public final class ModelSet implements AutoCloseable {
  private static final long SESSION_BUILDER_STACK_BYTES = 64L * 1024 * 1024;

  public final OnnxModel detect;
  public final OnnxModel landmark;
  public final OnnxModel feature;
  public final OnnxModel liveness;
  public final OnnxModel eye;
  public final OnnxModel pose;

  private ModelSet(
      OnnxModel detect,
      OnnxModel landmark,
      OnnxModel feature,
      OnnxModel liveness,
      OnnxModel eye,
      OnnxModel pose) {
    this.detect = detect;
    this.landmark = landmark;
    this.feature = feature;
    this.liveness = liveness;
    this.eye = eye;
    this.pose = pose;
  }

  /**
   * Verifies the model files in {@code dir} and builds their sessions.
   *
   * @param intraOpThreads ONNX Runtime threads per inference (1 suits many concurrent requests)
   */
  public static ModelSet load(Path dir, int intraOpThreads) {
    Map<String, byte[]> files = ModelStore.loadVerified(dir);
    // ONNX Runtime's graph optimiser recurses deeply while building these sessions: on a thread
    // with the
    // JVM's default 1 MB stack (the main thread of `java`) it can overflow and kill the process,
    // depending on
    // nothing more than how much of the stack the caller used. Build them on a thread with a large
    // stack.
    ModelSet[] built = new ModelSet[1];
    RuntimeException[] failure = new RuntimeException[1];
    Thread builder =
        Thread.ofPlatform()
            .name("onnx-session-builder")
            .stackSize(SESSION_BUILDER_STACK_BYTES)
            .unstarted(
                () -> {
                  try {
                    built[0] = build(files, intraOpThreads);
                  } catch (RuntimeException e) {
                    failure[0] = e;
                  }
                });
    builder.start();
    try {
      builder.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaceEngineException(ErrorCode.INTERNAL, "interrupted while loading the models", e);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return built[0];
  }

  private static ModelSet build(Map<String, byte[]> files, int intraOpThreads) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      // idle intra-op workers sleep instead of spinning: on a 2-core box spinning threads fight the
      // request threads and OpenCV for the cores
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return new ModelSet(
          new OnnxModel(
              "fr_detect",
              environment,
              files.get(PinnedModels.DETECT),
              options,
              new long[] {1, 3, 240, 320}),
          new OnnxModel(
              "fr_landmark",
              environment,
              files.get(PinnedModels.LANDMARK),
              options,
              new long[] {1, 1, 64, 64}),
          new OnnxModel(
              "fr_feature",
              environment,
              files.get(PinnedModels.FEATURE),
              options,
              new long[] {1, 3, 112, 112}),
          new OnnxModel(
              "fr_liveness",
              environment,
              files.get(PinnedModels.LIVENESS),
              options,
              new long[] {1, 3, 128, 128}),
          new OnnxModel(
              "fr_eye",
              environment,
              files.get(PinnedModels.EYE),
              options,
              new long[] {1, 1, 24, 24}),
          new OnnxModel(
              "fr_pose",
              environment,
              files.get(PinnedModels.POSE),
              options,
              new long[] {1, 3, 224, 224}));
    } catch (OrtException e) {
      throw new FaceEngineException(
          ErrorCode.INTERNAL, "ONNX Runtime cannot load the models: " + e.getMessage(), e);
    }
  }

  /**
   * The session of an embedding model's weights file. Only {@code fr_feature.onnx} is an embedding
   * model today: a new one is pinned in {@code models.sha256} and given its session here.
   *
   * @throws FaceEngineException {@code model_missing} for a file that is no embedding model
   */
  public OnnxModel embedding(String file) {
    if (PinnedModels.FEATURE.equals(file)) {
      return feature;
    }
    throw new FaceEngineException(
        ErrorCode.MODEL_MISSING, "model file " + file + " is not an embedding model");
  }

  @Override
  public void close() throws OrtException {
    detect.close();
    landmark.close();
    feature.close();
    liveness.close();
    eye.close();
    pose.close();
  }
}
