package io.faceattend.server.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * Every active person's face templates in memory, searched for the people most similar to a probe.
 *
 * <p>How a search works: every template has a 512-bit code ({@link SignCodes}: the signs of the
 * template after a fixed random rotation; Hamming distance estimates the angle). From {@link
 * #PARTITION_MIN_TEMPLATES} templates the codes are partitioned into cells of similar templates
 * ({@link Cells}) and a search reads only the cells nearest the probe that hold 60 % of the
 * templates; below, one cell holds them all. The scan reads the first 256 bits of every code in
 * those cells (32 bytes per template, XOR + popcount) and keeps a shortlist of the nearest 2,000;
 * the whole 512-bit code, scored against the rotated probe in full precision, orders the shortlist,
 * and the best 100 templates are re-ranked exactly on the half-precision rows ({@link
 * TemplateVectors}): the people they belong to are ranked by their exact best cosine over all their
 * templates. The result is a ranking of PEOPLE, so a caller can compare the best person with the
 * second-best person (not with the best person's own second template).
 *
 * <p>Why a scan and not a graph: templates of different people are nearly orthogonal (impostor
 * cosine 0.01 +- 0.1 over about 90 effective dimensions), so a graph walk has no gradient to follow
 * until it stumbles on the person (the jvector graph this replaces reached 90.5 % recall@1 at
 * 100,000 people and took 6 minutes to build), while a genuine probe stands far out of the
 * impostors (cosine 0.7 against the best of a million impostors around 0.5): a coarse code of every
 * template puts the person among the candidates, and the exact re-ranking decides. The cells only
 * cut what is read by a few tens of percent: a genuine probe's own cell is among its nearest cells,
 * but not reliably among the first few. Building is one encoding per template plus the cells'
 * training (seconds for a million), an update is O(cells) (docs/benchmarks.md).
 *
 * <p>Updates (a person added, re-enrolled or removed) take the write lock; searches share the read
 * lock. Rows stay dense: a removal moves the last template into the hole.
 */
public final class IdentificationIndex {

  /** A person and their exact best cosine similarity with the probe. */
  public record Candidate(long userId, float similarity) {}

  /**
   * Code, partition, scan and re-ranking parameters.
   *
   * @param bits code length per template, a multiple of 64 (memory: bits / 8 bytes per template;
   *     fewer bits estimate the angle more coarsely)
   * @param coarseBits the leading part of the code that the scan reads (a multiple of 64, at most
   *     {@code bits}): the scan is bound by memory bandwidth, so it reads as few bytes as the later
   *     stages allow
   * @param scanned templates kept by the coarse scan; when more than {@code shortlist}, the whole
   *     code's Hamming distance cuts them to the shortlist (cheap: a few thousand random reads)
   * @param shortlist templates ordered by the whole code's asymmetric score
   * @param candidates templates kept by that score and re-ranked exactly (recall against latency)
   * @param probed share of the templates a search scans in a partitioned index (the cells nearest
   *     the probe, until they hold this share); 1 scans every cell. An index is partitioned from
   *     {@link #PARTITION_MIN_TEMPLATES} templates at build.
   */
  public record Settings(
      int bits, int coarseBits, int scanned, int shortlist, int candidates, double probed) {
    /**
     * 256 coarse bits scanned (32 bytes a template; in a partitioned index, of the nearest cells
     * that hold 60 % of the templates), 2,000 kept and ordered by the whole code's asymmetric
     * score, 100 re-ranked exactly: docs/benchmarks.md has the sweeps this was chosen from.
     */
    public static final Settings DEFAULT = new Settings(512, 256, 2000, 2000, 100, 0.6);

    public Settings {
      if (bits <= 0 || bits % Long.SIZE != 0) {
        throw new IllegalArgumentException("bits must be a positive multiple of 64: " + bits);
      }
      if (coarseBits <= 0 || coarseBits % Long.SIZE != 0 || coarseBits > bits) {
        throw new IllegalArgumentException(
            "coarse bits must be a positive multiple of 64, at most bits: " + coarseBits);
      }
      if (candidates < 1 || shortlist < candidates || scanned < shortlist) {
        throw new IllegalArgumentException(
            "need 1 <= candidates <= shortlist <= scanned: "
                + candidates
                + ", "
                + shortlist
                + ", "
                + scanned);
      }
      if (!(probed > 0 && probed <= 1)) {
        throw new IllegalArgumentException("probed share must be in (0, 1]: " + probed);
      }
    }

    /** Every cell scanned (a partitioned index then reads all its templates). */
    public Settings(int bits, int coarseBits, int scanned, int shortlist, int candidates) {
      this(bits, coarseBits, scanned, shortlist, candidates, 1);
    }

    /** A cascade without the whole-code Hamming stage: the scan keeps the shortlist itself. */
    public Settings(int bits, int coarseBits, int shortlist, int candidates) {
      this(bits, coarseBits, shortlist, shortlist, candidates);
    }

    /** The same code with other stage sizes (the benchmark sweeps them). */
    public Settings withSearch(int otherScanned, int otherShortlist, int otherCandidates) {
      return new Settings(bits, coarseBits, otherScanned, otherShortlist, otherCandidates, probed);
    }

    /** The same code and stages scanning another share of a partitioned index. */
    public Settings withProbed(double otherProbed) {
      return new Settings(bits, coarseBits, scanned, shortlist, candidates, otherProbed);
    }
  }

  /**
   * Templates from which a build partitions the index: below, a scan of every code costs about 2 ms
   * or less, and a partition costs recall (at 100,000 templates in 200 cells, the nearest half
   * missed 0.8 % of the people brute force finds; at a million in 1,000 cells, 0.4 %).
   */
  public static final int PARTITION_MIN_TEMPLATES = 500_000;

  private final Settings settings;
  private final int dimension;
  private final SignCodes signs;
  private final int coarseWords;
  private final int fineWords;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TemplateVectors vectors;
  private final Map<Long, int[]> rowsOfPerson = new HashMap<>();
  private long[] coarse; // row r's leading code words at [r * coarseWords, (r + 1) * coarseWords)
  private long[] fine; // the rest of its code, at [r * fineWords, (r + 1) * fineWords)
  private long[] owners; // row -> user id
  private Cells cells; // what the scan reads: one cell below the build's partition minimum

  private IdentificationIndex(Settings settings, int dimension, int capacity) {
    this.settings = settings;
    this.dimension = dimension;
    this.signs = new SignCodes(dimension, settings.bits());
    this.coarseWords = settings.coarseBits() / Long.SIZE;
    this.fineWords = signs.words() - coarseWords;
    this.vectors = new TemplateVectors(dimension, capacity);
    this.coarse = new long[capacity * coarseWords];
    this.fine = new long[capacity * fineWords];
    this.owners = new long[capacity];
    this.cells = Cells.single(coarseWords, signs.words(), capacity);
  }

  /**
   * Builds the index over a gallery (user id to templates), encoding on every core of the common
   * pool.
   */
  public static IdentificationIndex build(
      Map<Long, List<float[]>> gallery, int dimension, Settings settings) {
    return build(gallery, dimension, settings, PARTITION_MIN_TEMPLATES);
  }

  /** As {@link #build(Map, int, Settings)}, partitioned from {@code partitionFrom} templates. */
  static IdentificationIndex build(
      Map<Long, List<float[]>> gallery, int dimension, Settings settings, int partitionFrom) {
    int total = gallery.values().stream().mapToInt(List::size).sum();
    // headroom for enrolments after the build: growing copies every array (1 GiB of rows at 1M)
    IdentificationIndex index =
        new IdentificationIndex(settings, dimension, Math.max(1024, total + total / 16));
    float[][] sources = new float[total][];
    gallery.forEach(
        (userId, templates) -> {
          int[] rows = new int[templates.size()];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = index.vectors.append();
            index.owners[rows[i]] = userId;
            sources[rows[i]] = templates.get(i);
          }
          if (rows.length > 0) {
            index.rowsOfPerson.put(userId, rows);
          }
        });
    // rows are distinct, so the encodings write disjoint parts of the arrays
    IntStream.range(0, total).parallel().forEach(row -> index.write(row, sources[row]));
    if (total >= partitionFrom) {
      index.cells =
          Cells.train(
              index.coarse,
              index.fine,
              index.coarseWords,
              index.fineWords,
              total,
              index.owners.length);
    } else {
      for (int row = 0; row < total; row++) {
        index.cells.add(0, row, index.coarse);
      }
    }
    return index;
  }

  /** Stores a template's half-precision row and code; returns the whole code. */
  private long[] write(int row, float[] template) {
    if (template.length != dimension) {
      throw new IllegalArgumentException(
          "template has " + template.length + " dimensions, expected " + dimension);
    }
    float[] unit = TemplateVectors.normalised(template);
    vectors.set(row, unit);
    long[] code = new long[coarseWords + fineWords];
    signs.encode(unit, code, 0);
    System.arraycopy(code, 0, coarse, row * coarseWords, coarseWords);
    System.arraycopy(code, coarseWords, fine, row * fineWords, fineWords);
    return code;
  }

  /** Adds a person, or replaces their templates (re-enrolment). */
  public void put(long userId, List<float[]> templates) {
    for (float[] template : templates) {
      if (template.length != dimension) {
        throw new IllegalArgumentException(
            "template has " + template.length + " dimensions, expected " + dimension);
      }
    }
    lock.writeLock().lock();
    try {
      removeLocked(userId);
      int[] rows = new int[templates.size()];
      for (int i = 0; i < rows.length; i++) {
        int row = vectors.append();
        if (row >= owners.length) {
          int capacity = Math.max(owners.length + owners.length / 8, row + 1);
          owners = Arrays.copyOf(owners, capacity);
          coarse = Arrays.copyOf(coarse, capacity * coarseWords);
          fine = Arrays.copyOf(fine, capacity * fineWords);
          cells.growRows(capacity);
        }
        owners[row] = userId;
        long[] code = write(row, templates.get(i));
        cells.add(cells.nearestCell(code), row, coarse);
        rows[i] = row;
      }
      if (rows.length > 0) {
        rowsOfPerson.put(userId, rows);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes a person (blocked, deactivated, erased, enrolment withdrawn); nothing happens when
   * absent.
   */
  public void remove(long userId) {
    lock.writeLock().lock();
    try {
      removeLocked(userId);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void removeLocked(long userId) {
    int[] rows = rowsOfPerson.remove(userId);
    if (rows == null) {
      return;
    }
    int[] descending = rows.clone();
    Arrays.sort(descending);
    // highest first: the last row moved into a hole is then never one of this person's own
    for (int k = descending.length - 1; k >= 0; k--) {
      int row = descending[k];
      cells.remove(row);
      int last = vectors.moveLastInto(row);
      if (last == row) {
        continue;
      }
      cells.renumber(last, row);
      System.arraycopy(coarse, last * coarseWords, coarse, row * coarseWords, coarseWords);
      System.arraycopy(fine, last * fineWords, fine, row * fineWords, fineWords);
      long owner = owners[last];
      owners[row] = owner;
      int[] theirs = rowsOfPerson.get(owner);
      for (int i = 0; i < theirs.length; i++) {
        if (theirs[i] == last) {
          theirs[i] = row;
        }
      }
    }
  }

  /** The {@code people} people most similar to the probe, best first, by exact cosine. */
  public List<Candidate> search(float[] probe, int people) {
    return search(probe, people, settings);
  }

  /**
   * As {@link #search(float[], int)} with another shortlist and candidate count (recall against
   * latency; the benchmark sweeps them; the code length is the index's own).
   */
  public List<Candidate> search(float[] probe, int people, Settings search) {
    float[] query = TemplateVectors.normalised(probe);
    float[] rotated = signs.rotate(query);
    long[] code = new long[coarseWords + fineWords];
    signs.encodeRotated(rotated, code, 0);
    lock.readLock().lock();
    try {
      if (rowsOfPerson.isEmpty()) {
        return List.of();
      }
      int candidates = Math.max(search.candidates(), people);
      int shortlisted = Math.max(search.shortlist(), candidates);
      float[][] tables = signs.scoreTables(rotated);
      int[] nearCells = cells.nearestCells(tables, search.probed());
      Scanned scanned = coarseScan(code, nearCells, Math.max(search.scanned(), shortlisted));
      Scanned shortlist =
          search.scanned() > shortlisted ? byWholeHamming(code, scanned, shortlisted) : scanned;
      int[] nearest = byWholeCode(tables, shortlist, candidates);
      Set<Long> persons = new LinkedHashSet<>();
      for (int row : nearest) {
        persons.add(owners[row]);
      }
      return rank(query, persons, people);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The scan of the probed cells: their rows at the {@code keep} smallest Hamming distances to the
   * query on the coarse words (ties at the cut included). It runs at memory speed, so the loop that
   * reads every code does as little else as it can: a strided sample of the probed rows first
   * estimates a distance that a few times {@code keep} rows stay under, the loop keeps only those
   * rows (a branch that is rarely taken), and the exact cut comes from their distances. The rows
   * kept are the same as a histogram of every row's distance would give; when the estimate was too
   * tight (fewer than {@code keep} rows under it), the scan runs again over every distance.
   */
  private Scanned coarseScan(long[] code, int[] probed, int keep) {
    int[] starts = new int[probed.length + 1];
    for (int k = 0; k < probed.length; k++) {
      starts[k + 1] = starts[k] + cells.size(probed[k]);
    }
    int size = starts[probed.length];
    int maxDistance = coarseWords * Long.SIZE;
    if (size <= keep) {
      return rowsWithin(code, probed, maxDistance, size).nearest(keep, maxDistance);
    }
    int estimate = estimatedCut(code, probed, starts, keep);
    RowDistances under = rowsWithin(code, probed, estimate, 4 * keep);
    if (under.count() < keep) {
      under = rowsWithin(code, probed, maxDistance, size);
    }
    return under.nearest(keep, maxDistance);
  }

  /**
   * Rows kept by the scan with their coarse code words ({@code coarseWords} a row, in the same
   * order): the scan has just read them, so the later stages do not fetch them again from rows
   * scattered over the index (each such read is a cache miss).
   */
  private record Scanned(int[] rows, long[] coarseCodes) {}

  /** Rows, their distances and coarse words ({@code words} a row), in scan order. */
  private record RowDistances(
      int[] rows, short[] distances, long[] coarseCodes, int words, int count) {

    /** The rows at the {@code keep} smallest distances, ties at the cut included, in scan order. */
    Scanned nearest(int keep, int maxDistance) {
      int[] histogram = new int[maxDistance + 1];
      for (int k = 0; k < count; k++) {
        histogram[distances[k]]++;
      }
      int cut = 0;
      for (int seen = histogram[0]; seen < keep && cut < maxDistance; ) {
        seen += histogram[++cut];
      }
      int kept = 0;
      for (int d = 0; d <= cut; d++) {
        kept += histogram[d];
      }
      int[] nearest = new int[kept];
      long[] nearestCodes = new long[kept * words];
      int filled = 0;
      for (int k = 0; k < count; k++) {
        if (distances[k] <= cut) {
          System.arraycopy(coarseCodes, k * words, nearestCodes, filled * words, words);
          nearest[filled++] = rows[k];
        }
      }
      return new Scanned(nearest, nearestCodes);
    }
  }

  /**
   * A coarse distance that about four times {@code keep} of the probed rows stay under, from the
   * distances of a sample of them: blocks of consecutive rows spread evenly over the probed cells
   * taken end to end (insertion order may cluster people, so not only the first rows; whole blocks,
   * because single rows far apart would each wait for memory).
   */
  private int estimatedCut(long[] code, int[] probed, int[] starts, int keep) {
    int size = starts[probed.length];
    int maxDistance = coarseWords * Long.SIZE;
    int blocks = Math.max(1, Math.min(ESTIMATE_BLOCKS, size / ESTIMATE_BLOCK_ROWS));
    int blockRows = Math.min(size, ESTIMATE_BLOCK_ROWS);
    long spacing = (long) (size - blockRows) / Math.max(1, blocks - 1);
    int[] histogram = new int[maxDistance + 1];
    int k = 0;
    for (int b = 0; b < blocks; b++) {
      int first = (int) (b * spacing);
      for (int position = first; position < first + blockRows; position++) {
        while (position >= starts[k + 1]) {
          k++;
        }
        histogram[coarseDistance(code, cells.codes(probed[k]), position - starts[k])]++;
      }
    }
    long samples = (long) blocks * blockRows;
    long wanted = Math.max(64, 4L * keep * samples / size);
    int cut = 0;
    for (long seen = histogram[0]; seen < wanted && cut < maxDistance; ) {
      seen += histogram[++cut];
    }
    return cut;
  }

  private static final int ESTIMATE_BLOCKS = 64;
  private static final int ESTIMATE_BLOCK_ROWS = 256;

  /** Coarse distance of the query to entry {@code entry} of a code array (coarse words each). */
  private int coarseDistance(long[] code, long[] codes, int entry) {
    int d = 0;
    for (int w = 0, o = entry * coarseWords; w < coarseWords; w++) {
      d += Long.bitCount(codes[o + w] ^ code[w]);
    }
    return d;
  }

  /**
   * Every row of the probed cells at coarse distance at most {@code cut}; {@code expected} sizes
   * the first buffer.
   */
  private RowDistances rowsWithin(long[] code, int[] probed, int cut, int expected) {
    Kept kept = new Kept(expected + 16, coarseWords);
    if (coarseWords == 4) {
      new FourStreams(code, cut, kept).scan(cells, probed);
    } else {
      for (int cell : probed) {
        long[] codes = cells.codes(cell);
        int[] rows = cells.rows(cell);
        for (int k = 0, size = cells.size(cell); k < size; k++) {
          int d = coarseDistance(code, codes, k);
          if (d <= cut) {
            kept.add(rows[k], d, codes, k * coarseWords);
          }
        }
      }
    }
    return new RowDistances(kept.rows, kept.distances, kept.codes, coarseWords, kept.count);
  }

  /**
   * The scan at the shipped coarse width (4 words a row), reading four cells at once. One core
   * reading one sequential stream waits on memory: its prefetcher keeps only so many lines in
   * flight. Four interleaved streams keep four times as many in flight, and read 1.6 to 2.6 times
   * faster on the 2-vCPU VM (docs/benchmarks.md). Each stream walks a segment (a cell, or a quarter
   * of the only cell) and takes the next segment when it ends; the last ones finish alone.
   */
  private static final class FourStreams {
    private static final int STREAMS = 4;
    private final long q0;
    private final long q1;
    private final long q2;
    private final long q3;
    private final int cut;
    private final Kept kept;
    private final long[][] codes = new long[STREAMS][];
    private final int[][] rows = new int[STREAMS][];
    private final int[] at = new int[STREAMS]; // the stream's next row in its segment
    private final int[] end = new int[STREAMS];

    FourStreams(long[] query, int cut, Kept kept) {
      this.q0 = query[0];
      this.q1 = query[1];
      this.q2 = query[2];
      this.q3 = query[3];
      this.cut = cut;
      this.kept = kept;
    }

    void scan(Cells cells, int[] probed) {
      // segments: the probed cells, or quarters of them when there are fewer cells than streams
      int pieces = probed.length < STREAMS ? STREAMS : 1;
      int segments = probed.length * pieces;
      int next = 0;
      while (true) {
        // fill every ended stream with the next non-empty segment
        for (int s = 0; s < STREAMS; s++) {
          while (at[s] == end[s] && next < segments) {
            int cell = probed[next / pieces];
            int size = cells.size(cell);
            int piece = next % pieces;
            codes[s] = cells.codes(cell);
            rows[s] = cells.rows(cell);
            at[s] = (int) ((long) size * piece / pieces);
            end[s] = (int) ((long) size * (piece + 1) / pieces);
            next++;
          }
        }
        int active = 0;
        int run = Integer.MAX_VALUE;
        for (int s = 0; s < STREAMS; s++) {
          if (at[s] < end[s]) {
            active++;
            run = Math.min(run, end[s] - at[s]);
          }
        }
        if (active < STREAMS) {
          break;
        }
        interleaved(run);
      }
      for (int s = 0; s < STREAMS; s++) {
        single(s);
      }
    }

    /** {@code run} rows of each of the four streams, side by side. */
    private void interleaved(int run) {
      long[] c0 = codes[0];
      long[] c1 = codes[1];
      long[] c2 = codes[2];
      long[] c3 = codes[3];
      int b0 = at[0] << 2;
      int b1 = at[1] << 2;
      int b2 = at[2] << 2;
      int b3 = at[3] << 2;
      int limit = run << 2;
      for (int o = 0; ; o += 4) {
        o = nextWithin(c0, b0, c1, b1, c2, b2, c3, b3, o, limit, q0, q1, q2, q3, cut);
        if (o == limit) {
          break;
        }
        for (int s = 0; s < STREAMS; s++) {
          int offset = (at[s] << 2) + o;
          int d = distance(codes[s], offset, q0, q1, q2, q3);
          if (d <= cut) {
            kept.add(rows[s][offset >> 2], d, codes[s], offset);
          }
        }
      }
      for (int s = 0; s < STREAMS; s++) {
        at[s] += run;
      }
    }

    /**
     * The first row position from {@code o} (in words, a multiple of 4) below {@code limit} where a
     * row of any stream is within {@code cut}, else {@code limit}. The loop the scan spends its
     * time in: static, everything in locals, no store and one rarely taken branch, so that the JIT
     * keeps it to loads, XORs and popcounts (with the rows kept inside it, it ran at half the
     * speed).
     */
    private static int nextWithin(
        long[] c0,
        int b0,
        long[] c1,
        int b1,
        long[] c2,
        int b2,
        long[] c3,
        int b3,
        int o,
        int limit,
        long q0,
        long q1,
        long q2,
        long q3,
        int cut) {
      int above = cut + 1;
      for (; o < limit; o += 4) {
        int d0 = distance(c0, b0 + o, q0, q1, q2, q3);
        int d1 = distance(c1, b1 + o, q0, q1, q2, q3);
        int d2 = distance(c2, b2 + o, q0, q1, q2, q3);
        int d3 = distance(c3, b3 + o, q0, q1, q2, q3);
        // negative when any distance is under `above`: one branch for the four rows
        if (((d0 - above) | (d1 - above) | (d2 - above) | (d3 - above)) < 0) {
          return o;
        }
      }
      return limit;
    }

    /** The rest of one stream's segment, alone. */
    private void single(int s) {
      for (int k = at[s]; k < end[s]; k++) {
        int d = distance(codes[s], k << 2, q0, q1, q2, q3);
        if (d <= cut) {
          kept.add(rows[s][k], d, codes[s], k << 2);
        }
      }
      at[s] = end[s];
    }

    private static int distance(long[] c, int o, long q0, long q1, long q2, long q3) {
      return Long.bitCount(c[o] ^ q0)
          + Long.bitCount(c[o + 1] ^ q1)
          + Long.bitCount(c[o + 2] ^ q2)
          + Long.bitCount(c[o + 3] ^ q3);
    }
  }

  /**
   * The rows a scan keeps, their distances and coarse words, growing as needed (rarely: the buffer
   * is sized).
   */
  private static final class Kept {
    final int words;
    int[] rows;
    short[] distances;
    long[] codes;
    int count;

    Kept(int capacity, int words) {
      this.words = words;
      rows = new int[capacity];
      distances = new short[capacity];
      codes = new long[capacity * words];
    }

    void add(int row, int distance, long[] from, int offset) {
      if (count == rows.length) {
        rows = Arrays.copyOf(rows, count * 2);
        distances = Arrays.copyOf(distances, count * 2);
        codes = Arrays.copyOf(codes, count * 2 * words);
      }
      System.arraycopy(from, offset, codes, count * words, words);
      rows[count] = row;
      distances[count++] = (short) distance;
    }
  }

  /**
   * Of the scanned rows, the {@code keep} nearest by the Hamming distance of the whole code (ties
   * at the cut included): the coarse bits again plus the rest, a few thousand random reads.
   */
  private Scanned byWholeHamming(long[] code, Scanned scanned, int keep) {
    int[] rows = scanned.rows();
    if (rows.length <= keep || fineWords == 0) {
      return scanned;
    }
    short[] distances = new short[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int d = coarseDistance(code, scanned.coarseCodes(), k);
      for (int w = 0, o = rows[k] * fineWords; w < fineWords; w++) {
        d += Long.bitCount(fine[o + w] ^ code[coarseWords + w]);
      }
      distances[k] = (short) d;
    }
    return new RowDistances(rows, distances, scanned.coarseCodes(), coarseWords, rows.length)
        .nearest(keep, signs.words() * 64);
  }

  /**
   * Of the shortlisted rows, the {@code keep} with the best asymmetric score of the whole code (the
   * rotated query in full precision against the stored signs, {@link SignCodes#scoreTables}): finer
   * than a Hamming distance, which quantises the query too.
   */
  private int[] byWholeCode(float[][] tables, Scanned scanned, int keep) {
    int[] shortlist = scanned.rows();
    if (shortlist.length <= keep) {
      return shortlist;
    }
    // the rest of each code first, in a loop of loads alone: the rows are scattered over the index,
    // and a loop this short lets the processor wait for many of them at once
    int words = coarseWords + fineWords;
    long[] codes = new long[shortlist.length * words];
    for (int k = 0, c = 0; k < shortlist.length; k++, c += words) {
      System.arraycopy(scanned.coarseCodes(), k * coarseWords, codes, c, coarseWords);
      System.arraycopy(fine, shortlist[k] * fineWords, codes, c + coarseWords, fineWords);
    }
    long[] keyed = new long[shortlist.length];
    for (int k = 0; k < shortlist.length; k++) {
      float score = 0;
      for (int w = 0, o = k * words; w < words; w++) {
        score += SignCodes.wordScore(tables, w, codes[o + w]);
      }
      // the shortlist position in the low half
      keyed[k] = SignCodes.orderedBits(score) << 32 | k;
    }
    Arrays.sort(keyed);
    int[] nearest = new int[keep];
    for (int k = 0; k < keep; k++) {
      nearest[k] = shortlist[(int) keyed[keyed.length - 1 - k]];
    }
    return nearest;
  }

  /**
   * Brute force over every template on the same half-precision rows: the ground truth for the
   * scan's recall in tests.
   */
  public List<Candidate> exactSearch(float[] probe, int people) {
    float[] query = TemplateVectors.normalised(probe);
    lock.readLock().lock();
    try {
      return rank(query, rowsOfPerson.keySet(), people);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Exact best cosine of each person over all their templates, best {@code people} first; equal
   * similarities in user id order, so a tie ranks the same on every node.
   */
  private List<Candidate> rank(float[] query, Iterable<Long> persons, int people) {
    List<Candidate> ranked = new ArrayList<>();
    for (long person : persons) {
      float best = -1;
      for (int row : rowsOfPerson.get(person)) {
        best = Math.max(best, vectors.cosine(query, row));
      }
      ranked.add(new Candidate(person, best));
    }
    ranked.sort(
        Comparator.comparingDouble(Candidate::similarity)
            .reversed()
            .thenComparingLong(Candidate::userId));
    return ranked.size() > people ? List.copyOf(ranked.subList(0, people)) : ranked;
  }

  public boolean contains(long userId) {
    lock.readLock().lock();
    try {
      return rowsOfPerson.containsKey(userId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** People in the index. */
  public int people() {
    lock.readLock().lock();
    try {
      return rowsOfPerson.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Templates in the index. */
  public int templates() {
    lock.readLock().lock();
    try {
      return vectors.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  public int dimension() {
    return dimension;
  }

  /**
   * Approximate heap held by the index: half-precision rows, codes, owners, and about 80 bytes per
   * person for the person-to-rows map.
   */
  public long bytesUsed() {
    lock.readLock().lock();
    try {
      return vectors.bytesUsed()
          + (coarse.length + fine.length) * 8L
          + owners.length * 8L
          + cells.bytesUsed()
          + rowsOfPerson.size() * 80L;
    } finally {
      lock.readLock().unlock();
    }
  }
}
