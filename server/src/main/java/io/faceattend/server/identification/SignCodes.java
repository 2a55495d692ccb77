package io.faceattend.server.identification;

import java.util.SplittableRandom;

/**
 * Binary sketches of templates for the index's scan: the signs of the template after a fixed
 * pseudo-random rotation, one bit per rotated coordinate, packed into longs. For two unit vectors
 * at angle θ, each bit differs with probability θ / π (random-hyperplane hashing), so the Hamming
 * distance between two codes estimates the angle, hence the cosine, whatever the gallery looks
 * like.
 *
 * <p>The rotation is three rounds of a seeded random sign flip followed by a Walsh-Hadamard
 * transform (HD3 HD2 HD1: orthogonal, close to a uniformly random rotation for hashing, and 3 x 9 x
 * 512 additions instead of a 512 x 512 matrix product per template). It is fixed by its seed, not
 * fitted to any gallery: every node and every restart computes the same codes, an update is one
 * encoding, and there is nothing to retrain when the people enrolled change. A rotation fitted to
 * the gallery (PCA) would fit whoever was enrolled at build time and drift as people change; the
 * earlier product quantiser's codebook, fitted to a mostly synthetic gallery, missed every real
 * face (docs/benchmarks.md).
 */
final class SignCodes {

  private static final long SEED = 0x5eed_fa_ce_a77e_11dL;

  private final int dimension;
  private final int padded; // next power of two, the transform's length
  private final int bits;
  private final float[][] flips; // three rounds of +1/-1 per coordinate

  SignCodes(int dimension, int bits) {
    if (bits <= 0 || bits % Long.SIZE != 0) {
      throw new IllegalArgumentException("code bits must be a positive multiple of 64: " + bits);
    }
    this.dimension = dimension;
    int wanted = Math.max(2, Math.max(dimension, bits));
    this.padded = Integer.highestOneBit(wanted - 1) << 1;
    this.bits = bits;
    SplittableRandom random = new SplittableRandom(SEED);
    flips = new float[3][padded];
    for (float[] round : flips) {
      for (int i = 0; i < padded; i++) {
        round[i] = random.nextBoolean() ? 1f : -1f;
      }
    }
  }

  /** Longs per code. */
  int words() {
    return bits / Long.SIZE;
  }

  /** Writes the code of {@code vector} (any length-{@code dimension} vector) at codes[offset]. */
  void encode(float[] vector, long[] codes, int offset) {
    encodeRotated(rotate(vector), codes, offset);
  }

  /** The vector after the rotation (length: the padded transform length, at least bits). */
  float[] rotate(float[] vector) {
    float[] x = new float[padded];
    System.arraycopy(vector, 0, x, 0, dimension);
    for (float[] round : flips) {
      for (int i = 0; i < padded; i++) {
        x[i] *= round[i];
      }
      hadamard(x);
    }
    return x;
  }

  /** The code of an already rotated vector: bit b of word w is the sign of coordinate 64 w + b. */
  void encodeRotated(float[] x, long[] codes, int offset) {
    for (int w = 0; w < bits / Long.SIZE; w++) {
      long word = 0;
      int base = w * Long.SIZE;
      for (int b = 0; b < Long.SIZE; b++) {
        if (x[base + b] > 0) {
          word |= 1L << b;
        }
      }
      codes[offset + w] = word;
    }
  }

  /**
   * Per-byte score tables of a rotated query for asymmetric scoring: table[j][v] is the sum of the
   * query's coordinates 8 j + k over the bits k set in byte value v. A code's score, the sum over
   * its bytes, is the query's dot product with the code's signs (up to a constant): an estimate of
   * the cosine that quantises only the stored side, finer than the Hamming distance.
   */
  float[][] scoreTables(float[] rotated) {
    float[][] tables = new float[bits / Byte.SIZE][256];
    for (int j = 0; j < tables.length; j++) {
      float[] table = tables[j];
      for (int v = 1; v < 256; v++) {
        table[v] = table[v & (v - 1)] + rotated[j * Byte.SIZE + Integer.numberOfTrailingZeros(v)];
      }
    }
    return tables;
  }

  /** The score of one code word (bytes 8 word to 8 word + 7) from {@link #scoreTables}. */
  static float wordScore(float[][] tables, int word, long bits) {
    int t = word * Long.BYTES;
    return tables[t][(int) bits & 0xff]
        + tables[t + 1][(int) (bits >>> 8) & 0xff]
        + tables[t + 2][(int) (bits >>> 16) & 0xff]
        + tables[t + 3][(int) (bits >>> 24) & 0xff]
        + tables[t + 4][(int) (bits >>> 32) & 0xff]
        + tables[t + 5][(int) (bits >>> 40) & 0xff]
        + tables[t + 6][(int) (bits >>> 48) & 0xff]
        + tables[t + 7][(int) (bits >>> 56) & 0xff];
  }

  /**
   * A score's float bits made order-preserving as a signed int (as a long, to shift into the high
   * half of a sort key).
   */
  static long orderedBits(float score) {
    int bits = Float.floatToRawIntBits(score);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** In-place fast Walsh-Hadamard transform (unnormalised: only signs are read). */
  private static void hadamard(float[] x) {
    for (int h = 1; h < x.length; h <<= 1) {
      for (int i = 0; i < x.length; i += h << 1) {
        for (int j = i; j < i + h; j++) {
          float a = x[j];
          float b = x[j + h];
          x[j] = a + b;
          x[j + h] = a - b;
        }
      }
    }
  }
}
