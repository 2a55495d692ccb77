package io.faceattend.face.eval;

import io.faceattend.face.Face;
import java.util.List;

/**
 * What the evaluation needs from one analysed photo: the faces in the engine's order ({@code
 * faces[0]} is the one it would verify) or the error code that refused the file. Read from {@code
 * face analyze --jsonl} output, so another engine's embeddings (same format) can be scored the same
 * way.
 *
 * @param file the path as given
 * @param faces faces, the one to verify first; empty when none or on error
 * @param error the refusal's code, or {@code null}
 */
public record PhotoAnalysis(String file, List<FaceSummary> faces, String error) {
  /**
   * One face.
   *
   * @param score detector confidence
   * @param faceSize shorter box side in original pixels
   * @param liveScore live probability, {@code NaN} when the source has none
   * @param live the engine's verdict at its threshold ({@code false} when unknown)
   * @param embedding L2-normalised, or {@code null}
   */
  public record FaceSummary(
      float score, float faceSize, float liveScore, boolean live, float[] embedding) {
    public static FaceSummary of(Face face) {
      return new FaceSummary(
          face.score(),
          face.quality().faceSize(),
          face.liveness().score(),
          face.liveness().live(),
          face.embedding());
    }
  }

  /** The face the engine would verify, or {@code null}. */
  public FaceSummary verified() {
    return faces.isEmpty() ? null : faces.get(0);
  }
}
