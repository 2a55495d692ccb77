package io.faceattend.face.grpc;

/**
 * Limits of StreamVerify calls.
 *
 * @param requiredFrames consecutive consistent frames needed for a decision when the client asks
 *     for none
 * @param maxRequiredFrames the most a client may ask for
 * @param maxFrames frames after which a call ends with NOT_VERIFIED
 */
public record StreamSettings(int requiredFrames, int maxRequiredFrames, int maxFrames) {
  public static final StreamSettings DEFAULT = new StreamSettings(3, 30, 300);

  public StreamSettings {
    if (requiredFrames < 1 || maxRequiredFrames < requiredFrames || maxFrames < maxRequiredFrames) {
      throw new IllegalArgumentException(
          "need 1 <= requiredFrames <= maxRequiredFrames <= maxFrames");
    }
  }
}
