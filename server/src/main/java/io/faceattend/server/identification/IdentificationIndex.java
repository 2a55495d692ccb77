package io.faceattend.server.identification;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Every active person's face templates in one approximate-nearest-neighbour graph (jvector, a
 * Vamana/DiskANN-style graph), searched for the people most similar to a probe.
 *
 * <p>How a search works: the graph is built and walked with exact scores over the half-precision
 * templates ({@link TemplateVectors}, 1 KiB per 512-d template, decoded inside the dot product, no
 * allocation per score), and the people the best template candidates belong to are ranked by their
 * exact best cosine over all their templates. The result is a ranking of PEOPLE, so a caller can
 * compare the best person with the second-best person (not with the best person's own second
 * template).
 *
 * <p>Why no product quantisation: an earlier version walked PQ codes and re-ranked exactly. The
 * codebook, trained on the gallery, fitted the real faces badly when most of the gallery was
 * different (the benchmark's synthetic people): the graph then never reached the real people (0 of
 * 56 found where brute force found 54). The half-precision rows are kept for exact answers anyway,
 * and scoring them is about as fast as scoring 128-byte codes, so the codes bought nothing but that
 * failure (docs/benchmarks.md).
 *
 * <p>Updates (a person added, re-enrolled or removed) take the write lock; searches share the read
 * lock. Removed templates are tombstoned in the graph and swept out when they pile up.
 */
public final class IdentificationIndex {

  /** A person and their exact best cosine similarity with the probe. */
  public record Candidate(long userId, float similarity) {}

  /**
   * Graph and quantisation parameters.
   *
   * @param maxDegree graph out-degree (memory: 4 bytes per edge per template)
   * @param beamWidth candidate list size while building (quality of the graph vs build time)
   * @param searchTemplates template candidates kept by a search, from which people are collected
   * @param searchBeam candidate list size while searching (recall vs latency)
   */
  public record Settings(int maxDegree, int beamWidth, int searchTemplates, int searchBeam) {
    public static final Settings DEFAULT = new Settings(16, 100, 40, 400);
  }

  private static final long REMOVED = -1;

  private final Settings settings;
  private final int dimension;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TemplateVectors vectors;
  private final Map<Long, int[]> nodesOfPerson = new HashMap<>();
  private final GraphIndexBuilder builder;
  private long[] owners; // graph node -> user id, REMOVED once tombstoned
  private int tombstones;

  private IdentificationIndex(
      Settings settings,
      int dimension,
      TemplateVectors vectors,
      long[] owners,
      GraphIndexBuilder builder) {
    this.settings = settings;
    this.dimension = dimension;
    this.vectors = vectors;
    this.owners = owners;
    this.builder = builder;
    for (int node = 0; node < vectors.size(); node++) {
      nodesOfPerson.merge(owners[node], new int[] {node}, IdentificationIndex::concat);
    }
  }

  /**
   * Builds the index over a gallery (user id to templates), using every core of the common pool.
   */
  // the seven-argument GraphIndexBuilder is deprecated in favour of one taking a hierarchy flag
  // this jvector
  // version documents poorly; its single-layer graph is what the benchmarks measured
  @SuppressWarnings("deprecation")
  public static IdentificationIndex build(
      Map<Long, List<float[]>> gallery, int dimension, Settings settings) {
    int total = gallery.values().stream().mapToInt(List::size).sum();
    TemplateVectors vectors = new TemplateVectors(dimension, Math.max(1024, total));
    long[] owners = new long[Math.max(1024, total)];
    gallery.forEach((userId, templates) -> templates.forEach(t -> owners[vectors.add(t)] = userId));
    GraphIndexBuilder builder =
        new GraphIndexBuilder(
            new HalfPrecisionScores(vectors),
            dimension,
            settings.maxDegree(),
            settings.beamWidth(),
            1.2f,
            1.2f,
            true);
    if (total > 0) {
      builder.build(vectors);
    }
    return new IdentificationIndex(settings, dimension, vectors, owners, builder);
  }

  /** Adds a person, or replaces their templates (re-enrolment). */
  public void put(long userId, List<float[]> templates) {
    lock.writeLock().lock();
    try {
      removeLocked(userId);
      int[] nodes = new int[templates.size()];
      for (int i = 0; i < nodes.length; i++) {
        int node = vectors.add(templates.get(i));
        if (node >= owners.length) {
          owners = Arrays.copyOf(owners, Math.max(owners.length * 3 / 2, node + 1));
        }
        owners[node] = userId;
        builder.addGraphNode(node, vectors.getVector(node));
        nodes[i] = node;
      }
      if (nodes.length > 0) {
        nodesOfPerson.put(userId, nodes);
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
    int[] nodes = nodesOfPerson.remove(userId);
    if (nodes == null) {
      return;
    }
    for (int node : nodes) {
      owners[node] = REMOVED;
      builder.markNodeDeleted(node);
      tombstones++;
    }
    // sweeping repairs the neighbours of removed nodes; worth it once a tenth of the graph is dead
    if (tombstones > Math.max(1000, vectors.size() / 10)) {
      builder.removeDeletedNodes();
      tombstones = 0;
    }
  }

  /** The {@code people} people most similar to the probe, best first, by exact cosine. */
  public List<Candidate> search(float[] probe, int people) {
    return search(probe, people, settings.searchBeam());
  }

  /**
   * As {@link #search(float[], int)} with another search beam (recall against latency; the
   * benchmark sweeps it).
   */
  public List<Candidate> search(float[] probe, int people, int beam) {
    float[] query = TemplateVectors.normalised(probe);
    lock.readLock().lock();
    try {
      if (nodesOfPerson.isEmpty()) {
        return List.of();
      }
      SearchScoreProvider provider = HalfPrecisionScores.providerFor(vectors, query);
      Bits live = node -> node < owners.length && owners[node] != REMOVED;
      SearchResult result;
      try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
        result =
            searcher.search(
                provider,
                Math.max(settings.searchTemplates(), people),
                Math.max(beam, Math.max(settings.searchTemplates(), people)),
                0f,
                0f,
                live);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Set<Long> persons = new LinkedHashSet<>();
      for (SearchResult.NodeScore found : result.getNodes()) {
        long owner = owners[found.node];
        if (owner != REMOVED) {
          persons.add(owner);
        }
      }
      return rank(query, persons, people);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Brute force over every template: the ground truth for recall, and a check of the graph in
   * tests.
   */
  public List<Candidate> exactSearch(float[] probe, int people) {
    float[] query = TemplateVectors.normalised(probe);
    lock.readLock().lock();
    try {
      return rank(query, nodesOfPerson.keySet(), people);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Exact best cosine of each person over all their templates, best {@code people} first. */
  private List<Candidate> rank(float[] query, Iterable<Long> persons, int people) {
    List<Candidate> ranked = new ArrayList<>();
    for (long person : persons) {
      float best = -1;
      for (int node : nodesOfPerson.get(person)) {
        best = Math.max(best, vectors.cosine(query, node));
      }
      ranked.add(new Candidate(person, best));
    }
    ranked.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
    return ranked.size() > people ? List.copyOf(ranked.subList(0, people)) : ranked;
  }

  public boolean contains(long userId) {
    lock.readLock().lock();
    try {
      return nodesOfPerson.containsKey(userId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** People in the index. */
  public int people() {
    lock.readLock().lock();
    try {
      return nodesOfPerson.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  public int dimension() {
    return dimension;
  }

  /** Approximate heap held by the index: templates, graph and the node tables. */
  public long bytesUsed() {
    lock.readLock().lock();
    try {
      return vectors.bytesUsed()
          + builder.getGraph().ramBytesUsed()
          + owners.length * 8L
          + nodesOfPerson.size() * 64L;
    } finally {
      lock.readLock().unlock();
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
