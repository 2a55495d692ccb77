package io.faceattend.face;

/**
 * Open/closed state of each eye (the person's left and right eye).
 *
 * @param leftOpenScore probability (0..1) that the left eye is open
 * @param rightOpenScore probability (0..1) that the right eye is open
 */
public record EyeState(float leftOpenScore, float rightOpenScore) {
  /** Both eyes open with probability at least one half. */
  public boolean bothOpen() {
    return leftOpenScore >= 0.5f && rightOpenScore >= 0.5f;
  }
}
