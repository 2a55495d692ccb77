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
 * <p>How a search works: a brute-force scan of compact binary codes ({@link SignCodes}: 512 bits,
 * 64 bytes per template, the signs of the template after a fixed random rotation) keeps the {@code
 * candidates} templates nearest to the probe's code by Hamming distance (XOR + popcount, 8 longs
 * per template); the people those belong to are then ranked by their exact best cosine over all
 * their templates, on the half-precision rows ({@link TemplateVectors}). The result is a ranking of
 * PEOPLE, so a caller can compare the best person with the second-best person (not with the best
 * person's own second template).
 *
 * <p>Why a scan and not a graph: face templates of different people are nearly orthogonal (impostor
 * cosine 0.01 +- 0.1), so a graph walk has no gradient to follow until it stumbles on the person
 * (the jvector graph this replaces reached 90.5 % recall@1 at 100,000 people and took 6 minutes to
 * build), while a genuine probe stands far out of the impostors (cosine 0.7 against the best of a
 * million impostors around 0.5): a coarse code of every template is enough to put the person among
 * a few hundred candidates, and the exact re-ranking decides. The scan reads 64 MB at a million
 * templates, builds in seconds and updates in O(1) (docs/benchmarks.md).
 *
 * <p>Updates (a person added, re-enrolled or removed) take the write lock; searches share the read
 * lock. Rows stay dense: a removal moves the last template into the hole.
 */
public final class IdentificationIndex {

  /** A person and their exact best cosine similarity with the probe. */
  public record Candidate(long userId, float similarity) {}

  /**
   * Code and re-ranking parameters.
   *
   * @param bits code length per template, a multiple of 64 (memory and scan time: bits / 8 bytes
   *     per template; fewer bits estimate the angle more coarsely)
   * @param candidates templates kept by the scan and re-ranked exactly (recall against latency)
   */
  public record Settings(int bits, int candidates) {
    public static final Settings DEFAULT = new Settings(512, 500);

    public Settings {
      if (bits <= 0 || bits % Long.SIZE != 0) {
        throw new IllegalArgumentException("bits must be a positive multiple of 64: " + bits);
      }
      if (candidates < 1) {
        throw new IllegalArgumentException("candidates must be at least 1: " + candidates);
      }
    }
  }

  private final Settings settings;
  private final int dimension;
  private final SignCodes signs;
  private final int words;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TemplateVectors vectors;
  private final Map<Long, int[]> rowsOfPerson = new HashMap<>();
  private long[] codes; // row r's code at [r * words, (r + 1) * words)
  private long[] owners; // row -> user id

  private IdentificationIndex(Settings settings, int dimension, int capacity) {
    this.settings = settings;
    this.dimension = dimension;
    this.signs = new SignCodes(dimension, settings.bits());
    this.words = signs.words();
    this.vectors = new TemplateVectors(dimension, capacity);
    this.codes = new long[capacity * words];
    this.owners = new long[capacity];
  }

  /**
   * Builds the index over a gallery (user id to templates), encoding on every core of the common
   * pool.
   */
  public static IdentificationIndex build(
      Map<Long, List<float[]>> gallery, int dimension, Settings settings) {
    int total = gallery.values().stream().mapToInt(List::size).sum();
    IdentificationIndex index = new IdentificationIndex(settings, dimension, Math.max(1024, total));
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
    return index;
  }

  private void write(int row, float[] template) {
    if (template.length != dimension) {
      throw new IllegalArgumentException(
          "template has " + template.length + " dimensions, expected " + dimension);
    }
    float[] unit = TemplateVectors.normalised(template);
    vectors.set(row, unit);
    signs.encode(unit, codes, row * words);
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
          int capacity = Math.max(owners.length * 3 / 2, row + 1);
          owners = Arrays.copyOf(owners, capacity);
          codes = Arrays.copyOf(codes, capacity * words);
        }
        owners[row] = userId;
        write(row, templates.get(i));
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
      int last = vectors.moveLastInto(row);
      if (last == row) {
        continue;
      }
      System.arraycopy(codes, last * words, codes, row * words, words);
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
    return search(probe, people, settings.candidates());
  }

  /**
   * As {@link #search(float[], int)}, re-ranking another number of scan candidates (recall against
   * latency; the benchmark sweeps it).
   */
  public List<Candidate> search(float[] probe, int people, int candidates) {
    float[] query = TemplateVectors.normalised(probe);
    long[] code = new long[words];
    signs.encode(query, code, 0);
    lock.readLock().lock();
    try {
      if (rowsOfPerson.isEmpty()) {
        return List.of();
      }
      long[] nearest = nearestCodes(code, Math.max(candidates, people));
      Set<Long> persons = new LinkedHashSet<>();
      for (long entry : nearest) {
        persons.add(owners[(int) entry]);
      }
      return rank(query, persons, people);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The scan: the {@code keep} rows with the smallest Hamming distance to {@code code}, as
   * (distance << 32 | row), in no particular order. A bounded max-heap on the distance: after the
   * first few thousand rows almost every row fails the one comparison with the heap's worst.
   */
  private long[] nearestCodes(long[] code, int keep) {
    int size = vectors.size();
    int capacity = Math.min(keep, size);
    long[] heap = new long[capacity];
    int filled = 0;
    int worst = Integer.MAX_VALUE;
    long[] all = codes;
    for (int row = 0; row < size; row++) {
      int distance = distance(all, row * words, code);
      if (filled < capacity) {
        heap[filled] = (long) distance << 32 | row;
        siftUp(heap, filled++);
        if (filled == capacity) {
          worst = (int) (heap[0] >>> 32);
        }
      } else if (distance < worst) {
        heap[0] = (long) distance << 32 | row;
        siftDown(heap, capacity);
        worst = (int) (heap[0] >>> 32);
      }
    }
    return filled == heap.length ? heap : Arrays.copyOf(heap, filled);
  }

  private int distance(long[] all, int offset, long[] code) {
    if (words == 8) {
      // the shipped length, unrolled: eight XOR + popcount
      return Long.bitCount(all[offset] ^ code[0])
          + Long.bitCount(all[offset + 1] ^ code[1])
          + Long.bitCount(all[offset + 2] ^ code[2])
          + Long.bitCount(all[offset + 3] ^ code[3])
          + Long.bitCount(all[offset + 4] ^ code[4])
          + Long.bitCount(all[offset + 5] ^ code[5])
          + Long.bitCount(all[offset + 6] ^ code[6])
          + Long.bitCount(all[offset + 7] ^ code[7]);
    }
    int distance = 0;
    for (int w = 0; w < words; w++) {
      distance += Long.bitCount(all[offset + w] ^ code[w]);
    }
    return distance;
  }

  private static void siftUp(long[] heap, int i) {
    long item = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] >= item) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
  }

  private static void siftDown(long[] heap, int size) {
    long item = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] > heap[child]) {
        child++;
      }
      if (heap[child] <= item) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = item;
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
          + codes.length * 8L
          + owners.length * 8L
          + rowsOfPerson.size() * 80L;
    } finally {
      lock.readLock().unlock();
    }
  }
}
