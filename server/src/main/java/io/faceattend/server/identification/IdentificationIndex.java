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
      int[] scanned = coarseScan(code, nearCells, Math.max(search.scanned(), shortlisted));
      int[] shortlist =
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
  private int[] coarseScan(long[] code, int[] probed, int keep) {
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

  /** Rows and their distances, in scan order. */
  private record RowDistances(int[] rows, short[] distances, int count) {

    /** The rows at the {@code keep} smallest distances, ties at the cut included, in scan order. */
    int[] nearest(int keep, int maxDistance) {
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
      int filled = 0;
      for (int k = 0; k < count; k++) {
        if (distances[k] <= cut) {
          nearest[filled++] = rows[k];
        }
      }
      return nearest;
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
    Kept kept = new Kept(expected + 16);
    for (int cell : probed) {
      long[] codes = cells.codes(cell);
      int[] rows = cells.rows(cell);
      int size = cells.size(cell);
      if (coarseWords == 4) {
        // the shipped width spelled out: the JIT keeps the query in registers
        long q0 = code[0];
        long q1 = code[1];
        long q2 = code[2];
        long q3 = code[3];
        for (int k = 0, o = 0; k < size; k++, o += 4) {
          int d =
              Long.bitCount(codes[o] ^ q0)
                  + Long.bitCount(codes[o + 1] ^ q1)
                  + Long.bitCount(codes[o + 2] ^ q2)
                  + Long.bitCount(codes[o + 3] ^ q3);
          if (d <= cut) {
            kept.add(rows[k], d);
          }
        }
      } else {
        for (int k = 0; k < size; k++) {
          int d = coarseDistance(code, codes, k);
          if (d <= cut) {
            kept.add(rows[k], d);
          }
        }
      }
    }
    return new RowDistances(kept.rows, kept.distances, kept.count);
  }

  /** The rows a scan keeps and their distances, growing as needed (rarely: the buffer is sized). */
  private static final class Kept {
    int[] rows;
    short[] distances;
    int count;

    Kept(int capacity) {
      rows = new int[capacity];
      distances = new short[capacity];
    }

    void add(int row, int distance) {
      if (count == rows.length) {
        rows = Arrays.copyOf(rows, count * 2);
        distances = Arrays.copyOf(distances, count * 2);
      }
      rows[count] = row;
      distances[count++] = (short) distance;
    }
  }

  /**
   * Of the scanned rows, the {@code keep} nearest by the Hamming distance of the whole code (ties
   * at the cut included): the coarse bits again plus the rest, a few thousand random reads.
   */
  private int[] byWholeHamming(long[] code, int[] scanned, int keep) {
    if (scanned.length <= keep || fineWords == 0) {
      return scanned;
    }
    short[] distances = new short[scanned.length];
    for (int k = 0; k < scanned.length; k++) {
      int row = scanned[k];
      int d = coarseDistance(code, coarse, row);
      for (int w = 0, o = row * fineWords; w < fineWords; w++) {
        d += Long.bitCount(fine[o + w] ^ code[coarseWords + w]);
      }
      distances[k] = (short) d;
    }
    return new RowDistances(scanned, distances, scanned.length).nearest(keep, signs.words() * 64);
  }

  /**
   * Of the shortlisted rows, the {@code keep} with the best asymmetric score of the whole code (the
   * rotated query in full precision against the stored signs, {@link SignCodes#scoreTables}): finer
   * than a Hamming distance, which quantises the query too.
   */
  private int[] byWholeCode(float[][] tables, int[] shortlist, int keep) {
    if (shortlist.length <= keep) {
      return shortlist;
    }
    // the codes first, in a loop of loads alone: the rows are scattered over the index, and a loop
    // this short lets the processor wait for many of them at once
    int words = coarseWords + fineWords;
    long[] codes = new long[shortlist.length * words];
    for (int k = 0, c = 0; k < shortlist.length; k++, c += words) {
      System.arraycopy(coarse, shortlist[k] * coarseWords, codes, c, coarseWords);
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
