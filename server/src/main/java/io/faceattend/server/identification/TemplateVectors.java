package io.faceattend.server.identification;

import java.util.Arrays;

/**
 * The identification index's templates, one row each, held as IEEE half-precision floats (2 bytes
 * per dimension): a million 512-d templates take 1 GiB instead of 2. Half precision changes a
 * cosine by less than 0.001, far below the gap between the genuine and impostor distributions, so
 * re-ranking on these rows is exact for every decision the index makes. Templates are unit length;
 * a cosine is a dot product.
 *
 * <p>Rows are dense (0 to size - 1): a removal moves the last row into the hole, so a scan never
 * meets a dead row. Not thread-safe: {@link IdentificationIndex} guards it.
 */
final class TemplateVectors {

  private final int dimension;
  private short[] rows;
  private int size;

  TemplateVectors(int dimension, int initialCapacity) {
    this.dimension = dimension;
    this.rows = new short[Math.max(1, initialCapacity) * dimension];
  }

  /** Appends a row (filled by {@link #set}) and returns its number. */
  int append() {
    if ((long) (size + 1) * dimension > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "the index holds at most " + (Integer.MAX_VALUE - 8) / dimension + " templates");
    }
    if ((size + 1) * dimension > rows.length) {
      rows =
          Arrays.copyOf(
              rows,
              (int)
                  Math.min(
                      Integer.MAX_VALUE - 8,
                      Math.max(rows.length + rows.length / 8L, (long) (size + 1) * dimension)));
    }
    return size++;
  }

  /** Writes a unit-length template into row {@code row} (rows of distinct numbers in parallel). */
  void set(int row, float[] unit) {
    if (unit.length != dimension) {
      throw new IllegalArgumentException(
          "template has " + unit.length + " dimensions, expected " + dimension);
    }
    int offset = row * dimension;
    for (int i = 0; i < dimension; i++) {
      rows[offset + i] = Float.floatToFloat16(unit[i]);
    }
  }

  /** Moves the last row into {@code row} and drops the last row; returns the old last row. */
  int moveLastInto(int row) {
    int last = --size;
    if (last != row) {
      System.arraycopy(rows, last * dimension, rows, row * dimension, dimension);
    }
    return last;
  }

  /**
   * Cosine similarity of a unit-length probe with row {@code row}: decoded as it is summed (no
   * allocation), in four partial sums so the multiplications overlap.
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

  int size() {
    return size;
  }

  int dimension() {
    return dimension;
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
}
