package io.faceattend.face;

/**
 * What {@link FaceEngine#analyze} should compute.
 *
 * @param withEmbeddings compute each face's 512-d embedding (the most expensive model)
 * @param maxFaces analyse at most this many faces, in verification order (detection still counts
 *     all)
 */
public record AnalyzeOptions(boolean withEmbeddings, int maxFaces) {
  public static final AnalyzeOptions DEFAULT = new AnalyzeOptions(false, 20);
  public static final AnalyzeOptions WITH_EMBEDDINGS = new AnalyzeOptions(true, 20);

  public AnalyzeOptions {
    if (maxFaces < 1) {
      throw new IllegalArgumentException("maxFaces must be at least 1");
    }
  }
}
