package io.faceattend.face;

/**
 * Told how long each pipeline stage took, so a host can record it (the gateway binds this to
 * Micrometer histograms); the engine itself depends on no metrics library. Called on the analysing
 * thread: keep it cheap.
 */
@FunctionalInterface
public interface FaceStageListener {

  /** Stages: decode, detect, landmarks, pose, eyes, liveness, embed. */
  void stageCompleted(String stage, long nanos);

  /** Records nothing (the default). */
  FaceStageListener NONE = (stage, nanos) -> {};
}
