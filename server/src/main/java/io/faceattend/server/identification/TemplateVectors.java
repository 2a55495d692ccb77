package io.faceattend.server.identification;

import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The identification index's templates, one row per graph node, held as IEEE half-precision floats
 * (2 bytes per dimension): a million 512-d templates take 1 GiB instead of 2. Half precision
 * changes a cosine by less than 0.001, far below the gap between the genuine and impostor
 * distributions, so re-ranking on these rows is exact for every decision the index makes. Templates
 * are unit length; a cosine is a dot product.
 *
 * <p>Not thread-safe: {@link IdentificationIndex} guards it.
 */
final class TemplateVectors implements RandomAccessVectorValues {

  private static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private final int dimension;
  private short[] rows;
  private int size;

  /**
   * Full-precision copies, kept only for a small gallery whose graph walks exact scores (see
   * getVector).
   */
  private final List<VectorFloat<?>> full;

  TemplateVectors(int dimension, int initialCapacity, boolean keepFullPrecision) {
    this.dimension = dimension;
    this.rows = new short[Math.max(1, initialCapacity) * dimension];
    this.full = keepFullPrecision ? new ArrayList<>() : null;
  }

  /** Appends a template (normalised here) and returns its row number. */
  int add(float[] template) {
    if (template.length != dimension) {
      throw new IllegalArgumentException(
          "template has " + template.length + " dimensions, expected " + dimension);
    }
    if ((long) (size + 1) * dimension > rows.length) {
      rows =
          Arrays.copyOf(
              rows,
              (int)
                  Math.min(
                      Integer.MAX_VALUE - 8,
                      Math.max(rows.length * 3L / 2, (long) (size + 1) * dimension)));
    }
    float norm = norm(template);
    int offset = size * dimension;
    for (int i = 0; i < dimension; i++) {
      rows[offset + i] = Float.floatToFloat16(norm == 0 ? 0 : template[i] / norm);
    }
    if (full != null) {
      full.add(vector(row(size)));
    }
    return size++;
  }

  /** Cosine similarity of a unit-length probe with row {@code row}. */
  float cosine(float[] probe, int row) {
    int offset = row * dimension;
    float dot = 0;
    for (int i = 0; i < dimension; i++) {
      dot += probe[i] * Float.float16ToFloat(rows[offset + i]);
    }
    return dot;
  }

  float[] row(int row) {
    float[] out = new float[dimension];
    int offset = row * dimension;
    for (int i = 0; i < dimension; i++) {
      out[i] = Float.float16ToFloat(rows[offset + i]);
    }
    return out;
  }

  long bytesUsed() {
    return (long) rows.length * Short.BYTES
        + (full == null ? 0 : (long) full.size() * (dimension * 4L + 32));
  }

  static float norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return (float) Math.sqrt(sum);
  }

  static float[] normalised(float[] v) {
    float norm = norm(v);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = norm == 0 ? 0 : v[i] / norm;
    }
    return out;
  }

  static VectorFloat<?> vector(float[] values) {
    return VECTORS.createFloatVector(values);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public VectorFloat<?> getVector(int row) {
    // an exact-score graph reads vectors at every step: decoding each time would dominate its build
    return full != null ? full.get(row) : vector(row(row));
  }

  @Override
  public boolean isValueShared() {
    return false;
  }

  @Override
  public RandomAccessVectorValues copy() {
    return this;
  }
}
