package io.faceattend.face.pipeline;

import io.faceattend.face.EmbeddingModel;
import io.faceattend.face.Point;
import io.faceattend.face.model.OnnxModel;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * fr_feature: aligned 112x112, R,G,B planes (or B,G,R as the {@link EmbeddingModel} declares),
 * (v-127)/128 -> 512 floats, L2-normalised here.
 */
public final class FaceEmbedder {
  public static final int DIMENSION = 512;
  private static final float[] MEAN = {127f, 127f, 127f};
  private static final float[] SCALE = {1 / 128f, 1 / 128f, 1 / 128f};

  private final OnnxModel model;
  private final EmbeddingModel spec;

  public FaceEmbedder(OnnxModel model) {
    this(model, EmbeddingModel.SHIPPED);
  }

  public FaceEmbedder(OnnxModel model, EmbeddingModel spec) {
    this.model = model;
    this.spec = spec;
  }

  public EmbeddingModel spec() {
    return spec;
  }

  /**
   * Embeds a face aligned on the ArcFace layout (scale 1); for a model of another crop use the
   * other method.
   */
  public float[] embed(Mat alignedBgr) {
    ImageOps.fillPlanar(alignedBgr, model.inputBuffer(), !spec.bgr(), MEAN, SCALE);
    return normalized(model.runSingle());
  }

  /**
   * Embeds the face with this model's own crop: {@code aligned} (the ArcFace layout) is reused when
   * the model takes that crop, otherwise the face is aligned again from its five points.
   */
  public float[] embed(Mat bgr, Point[] fivePoints, Mat aligned) {
    if (spec.cropScale() == 1f) {
      return embed(aligned);
    }
    try (Mat own = FaceAligner.align(bgr, fivePoints, spec.cropScale())) {
      return embed(own);
    }
  }

  static float[] normalized(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    float inverse = (float) (1 / Math.sqrt(Math.max(sum, 1e-12)));
    float[] out = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      out[i] = vector[i] * inverse;
    }
    return out;
  }

  /**
   * Cosine similarity of two vectors of any length (not necessarily normalised), -1..1; 0 when they
   * differ in length or either is empty or zero.
   */
  public static double cosineOfAny(float[] a, float[] b) {
    if (a.length == 0 || a.length != b.length) {
      return 0;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Cosine similarity of two L2-normalised embeddings, -1..1. */
  public static float cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return (float) dot;
  }
}
