package io.faceattend.server.identification;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The partition of the identification index's coarse codes into cells of similar templates, so that
 * a search scans the cells nearest the probe instead of every template: the scan is bound by memory
 * bandwidth, and at a million templates the nearest cells that hold 60 % of the templates hold the
 * person a genuine probe belongs to in all but about two searches in a thousand
 * (docs/benchmarks.md).
 *
 * <p>Cells are trained at build, in the code space: binary k-means (each centre the majority of its
 * members' bits, members assigned by Hamming distance over the whole code) on a sample of the
 * templates, then every template goes to its nearest centre; a template added later goes to its
 * nearest centre too. Nothing is fitted beyond the centres, and they come from the people enrolled
 * at build (every start): a gallery that grows far beyond them keeps working (the cells only get
 * fuller) and is re-partitioned at the next start. Nodes train on their own build, so two nodes'
 * cells can differ slightly; the exact re-ranking makes their answers the same whenever both find
 * the person.
 *
 * <p>Each cell holds copies of its templates' coarse codes, contiguous, and their row numbers.
 * Below {@link IdentificationIndex#PARTITION_MIN_TEMPLATES} there is one cell (every code scanned).
 * Not thread-safe: the index guards it.
 */
final class Cells {

  private static final long SEED = 0xce11_5eed_0fa_ceL;
  private static final int TEMPLATES_PER_CELL = 500;
  private static final int MAX_CELLS = 1024;
  private static final int TRAINING_PER_CELL = 32;
  private static final int TRAINING_ROUNDS = 6;

  private final int coarseWords;
  private final int words; // whole code, the centres' length
  private final long[] centres; // cell c's centre at [c * words, (c + 1) * words)
  private final long[][] codes; // cell c's coarse codes, coarseWords each
  private final int[][] rows; // cell c's row numbers
  private final int[] sizes;
  private int[] cellOf; // row -> cell
  private int[] slotOf; // row -> position in its cell

  private Cells(int coarseWords, int words, long[] centres, int cells, int rowCapacity) {
    this.coarseWords = coarseWords;
    this.words = words;
    this.centres = centres;
    this.codes = new long[cells][];
    this.rows = new int[cells][];
    this.sizes = new int[cells];
    this.cellOf = new int[rowCapacity];
    this.slotOf = new int[rowCapacity];
  }

  /** One cell that every row joins (a gallery too small to partition). */
  static Cells single(int coarseWords, int words, int rowCapacity) {
    Cells one = new Cells(coarseWords, words, new long[words], 1, rowCapacity);
    one.codes[0] = new long[Math.max(16, rowCapacity) * coarseWords];
    one.rows[0] = new int[Math.max(16, rowCapacity)];
    return one;
  }

  /**
   * Trains cells on rows 0 to {@code total - 1} of the codes (coarse and fine words by row, as the
   * index holds them) and files every row in its nearest cell.
   */
  static Cells train(
      long[] coarse, long[] fine, int coarseWords, int fineWords, int total, int rowCapacity) {
    int words = coarseWords + fineWords;
    int count = Math.max(1, Math.min(MAX_CELLS, total / TEMPLATES_PER_CELL));
    SplittableRandom random = new SplittableRandom(SEED);
    int[] sample =
        random
            .ints(0, total)
            .distinct()
            .limit(Math.min(total, (long) count * TRAINING_PER_CELL))
            .toArray();
    long[][] sampleCodes = new long[sample.length][];
    for (int i = 0; i < sample.length; i++) {
      sampleCodes[i] = wholeCode(coarse, fine, coarseWords, fineWords, sample[i]);
    }
    long[] centres = new long[count * words];
    for (int c = 0; c < count; c++) {
      System.arraycopy(sampleCodes[c * sample.length / count], 0, centres, c * words, words);
    }
    int bits = words * Long.SIZE;
    for (int round = 0; round < TRAINING_ROUNDS; round++) {
      long[] fixed = centres;
      int[] nearest = new int[sample.length];
      IntStream.range(0, sample.length)
          .parallel()
          .forEach(i -> nearest[i] = nearest(fixed, count, words, sampleCodes[i], 0));
      int[] ones = new int[count * bits];
      int[] members = new int[count];
      for (int i = 0; i < sample.length; i++) {
        int c = nearest[i];
        members[c]++;
        long[] code = sampleCodes[i];
        for (int b = 0; b < bits; b++) {
          ones[c * bits + b] += (int) (code[b >>> 6] >>> (b & 63)) & 1;
        }
      }
      long[] next = new long[count * words];
      for (int c = 0; c < count; c++) {
        if (members[c] == 0) { // an empty cell restarts at a random sample's code
          System.arraycopy(sampleCodes[random.nextInt(sample.length)], 0, next, c * words, words);
          continue;
        }
        for (int b = 0; b < bits; b++) {
          int twice = 2 * ones[c * bits + b];
          boolean one =
              twice > members[c]
                  || (twice == members[c]
                      && ((centres[c * words + (b >>> 6)] >>> (b & 63)) & 1) == 1);
          if (one) {
            next[c * words + (b >>> 6)] |= 1L << (b & 63);
          }
        }
      }
      centres = next;
    }
    Cells cells = new Cells(coarseWords, words, centres, count, rowCapacity);
    long[] fixed = centres;
    int[] cellOfRow = new int[total];
    IntStream.range(0, total)
        .parallel()
        .forEach(
            row ->
                cellOfRow[row] =
                    nearest(
                        fixed,
                        count,
                        words,
                        wholeCode(coarse, fine, coarseWords, fineWords, row),
                        0));
    int[] filled = new int[count];
    for (int c : cellOfRow) {
      filled[c]++;
    }
    for (int c = 0; c < count; c++) {
      // headroom for enrolments after the build, as the index's own arrays have
      int capacity = Math.max(16, filled[c] + filled[c] / 8);
      cells.codes[c] = new long[capacity * coarseWords];
      cells.rows[c] = new int[capacity];
    }
    for (int row = 0; row < total; row++) {
      cells.add(cellOfRow[row], row, coarse);
    }
    return cells;
  }

  private static long[] wholeCode(
      long[] coarse, long[] fine, int coarseWords, int fineWords, int row) {
    long[] code = new long[coarseWords + fineWords];
    System.arraycopy(coarse, row * coarseWords, code, 0, coarseWords);
    System.arraycopy(fine, row * fineWords, code, coarseWords, fineWords);
    return code;
  }

  /** The centre nearest a whole code by Hamming distance (the lowest cell on a tie). */
  private static int nearest(long[] centres, int count, int words, long[] code, int offset) {
    int best = 0;
    int bestDistance = Integer.MAX_VALUE;
    for (int c = 0, o = 0; c < count; c++, o += words) {
      int d = 0;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(centres[o + w] ^ code[offset + w]);
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /** The cell a new template with this whole code joins. */
  int nearestCell(long[] code) {
    return nearest(centres, sizes.length, words, code, 0);
  }

  int count() {
    return sizes.length;
  }

  /**
   * The cells nearest the probe by the asymmetric score of their centres (the probe's score tables,
   * {@link SignCodes#scoreTables}), best first, until they hold {@code share} of the rows.
   */
  int[] nearestCells(float[][] tables, double share) {
    int count = sizes.length;
    if (count == 1 || share >= 1) {
      int[] all = new int[count];
      Arrays.setAll(all, c -> c);
      return all;
    }
    long[] keyed = new long[count];
    for (int c = 0; c < count; c++) {
      float score = 0;
      for (int w = 0, o = c * words; w < words; w++) {
        score += SignCodes.wordScore(tables, w, centres[o + w]);
      }
      keyed[c] = SignCodes.orderedBits(score) << 32 | c;
    }
    Arrays.sort(keyed);
    long total = 0;
    for (int size : sizes) {
      total += size;
    }
    long wanted = (long) Math.ceil(share * total);
    int taken = 0;
    long held = 0;
    int[] chosen = new int[count];
    for (int k = count - 1; k >= 0 && (held < wanted || taken == 0); k--) {
      int c = (int) keyed[k];
      chosen[taken++] = c;
      held += sizes[c];
    }
    return Arrays.copyOf(chosen, taken);
  }

  /** Files a row (its coarse code copied from the index's array) in a cell. */
  void add(int cell, int row, long[] coarse) {
    int slot = sizes[cell];
    if (slot == rows[cell].length) {
      int capacity = slot + Math.max(16, slot / 2);
      rows[cell] = Arrays.copyOf(rows[cell], capacity);
      codes[cell] = Arrays.copyOf(codes[cell], capacity * coarseWords);
    }
    System.arraycopy(coarse, row * coarseWords, codes[cell], slot * coarseWords, coarseWords);
    rows[cell][slot] = row;
    sizes[cell]++;
    cellOf[row] = cell;
    slotOf[row] = slot;
  }

  /** Takes a row out of its cell (the cell's last entry moves into its place). */
  void remove(int row) {
    int cell = cellOf[row];
    int slot = slotOf[row];
    int last = --sizes[cell];
    if (last != slot) {
      System.arraycopy(
          codes[cell], last * coarseWords, codes[cell], slot * coarseWords, coarseWords);
      int moved = rows[cell][last];
      rows[cell][slot] = moved;
      slotOf[moved] = slot;
    }
  }

  /** The index moved row {@code from} to {@code to} (a removal filling its hole). */
  void renumber(int from, int to) {
    int cell = cellOf[from];
    int slot = slotOf[from];
    rows[cell][slot] = to;
    cellOf[to] = cell;
    slotOf[to] = slot;
  }

  /** Room for row numbers up to {@code capacity - 1}. */
  void growRows(int capacity) {
    cellOf = Arrays.copyOf(cellOf, capacity);
    slotOf = Arrays.copyOf(slotOf, capacity);
  }

  long[] codes(int cell) {
    return codes[cell];
  }

  int[] rows(int cell) {
    return rows[cell];
  }

  int size(int cell) {
    return sizes[cell];
  }

  long bytesUsed() {
    long bytes = centres.length * 8L + (cellOf.length + slotOf.length) * 4L;
    for (int c = 0; c < sizes.length; c++) {
      bytes += codes[c].length * 8L + rows[c].length * 4L;
    }
    return bytes;
  }
}
