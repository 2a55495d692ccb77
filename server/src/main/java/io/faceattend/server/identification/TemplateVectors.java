package io.faceattend.server.identification;

import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.Arrays;

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

  TemplateVectors(int dimension, int initialCapacity) {
    this.dimension = dimension;
    this.rows = new short[Math.max(1, initialCapacity) * dimension];
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
    return size++;
  }

  /**
   * Cosine similarity of a unit-length probe with row {@code row}: decoded as it is summed (no
   * allocation: the graph scores thousands of rows per search), in four partial sums so the
   * multiplications overlap.
   */
  float cosine(float[] probe, int row) {
    short[] data = rows;
    int offset = row * dimension;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dimension; i += 4) {
      s0 += probe[i] * Float.float16ToFloat(data[offset + i]);
      s1 += probe[i + 1] * Float.float16ToFloat(data[offset + i + 1]);
      s2 += probe[i + 2] * Float.float16ToFloat(data[offset + i + 2]);
      s3 += probe[i + 3] * Float.float16ToFloat(data[offset + i + 3]);
    }
    for (; i < dimension; i++) {
      s0 += probe[i] * Float.float16ToFloat(data[offset + i]);
    }
    return (s0 + s1) + (s2 + s3);
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
    return (long) rows.length * Short.BYTES;
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
    // read once per inserted node by the graph builder; scoring goes through cosine()
    return vector(row(row));
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
