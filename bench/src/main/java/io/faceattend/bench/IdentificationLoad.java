package io.faceattend.bench;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.Database;
import io.faceattend.db.DatabaseSettings;
import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.eval.ErrorRates;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.identification.Gallery;
import io.faceattend.server.identification.GallerySync;
import io.faceattend.server.identification.IdentificationIndex;
import io.faceattend.server.identification.IdentificationSettings;
import io.faceattend.server.identification.OpenSetDecision;
import io.faceattend.server.security.TemplateCipher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Identification at scale, as a load program (one thread for latency, as on one core): for each
 * gallery size, build time, memory per person, search latency p50/p99, recall@1 against brute
 * force, false identifications of people who are not enrolled, and the false-identification rate
 * computed from the real impostor scores. Then the update latency between two nodes on one
 * PostgreSQL. See docs/benchmarks.md.
 *
 * <p>The gallery: the real templates of the shared photos (../shared/faces and faces-more; one
 * photo per person held out as the probe), plus synthetic people drawn from the real templates' own
 * mean and covariance (so unrelated people have the real impostor spread, in the real faces'
 * directions), a template being the centre plus real within-person variation whose weight varies
 * per photo (so two templates of one person have about the real genuine spread).
 */
public final class IdentificationLoad {

  private static final int DIM = 512;
  private static final int LATENCY_PROBES = 2000;
  private static final int IMPOSTOR_PROBES = 2000;

  public static void main(String[] args) throws Exception {
    int[] sizes =
        args.length == 0
            ? new int[] {10_000, 100_000, 1_000_000}
            : Arrays.stream(String.join(" ", args).trim().split("\\s+"))
                .mapToInt(Integer::parseInt)
                .toArray();
    double threshold = IdentificationSettings.fromEnvironment().threshold();
    double margin = IdentificationSettings.fromEnvironment().margin();
    System.out.printf(
        Locale.ROOT,
        "shipped 1:N threshold %.2f, margin %.2f; %d cores%n",
        threshold,
        margin,
        Runtime.getRuntime().availableProcessors());

    Real real = realTemplates();
    Stats genuine = Stats.of(real.genuine);
    Stats impostor = Stats.of(real.impostor);
    System.out.println("real photos: " + real.people.size() + " people");
    System.out.println("  genuine  " + genuine);
    System.out.println("  impostor " + impostor);
    Synthetic synthetic = new Synthetic(real);
    System.out.println(
        "synthetic (10k pairs): genuine "
            + Stats.of(synthetic.genuinePairs(10_000))
            + "; impostor "
            + Stats.of(synthetic.impostorPairs(10_000)));

    System.out.println();
    System.out.println(
        "| people | templates | build | heap per person | p50 | p99 | recall@1 vs exact | real probes"
            + " identified | false identifications (measured, synthetic strangers) | FIR computed from real impostors |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (int size : sizes) {
      run(size, real, impostor, synthetic, threshold, margin);
    }
    System.out.println();
    twoNodes(real);
  }

  private static void run(
      int size, Real real, Stats impostor, Synthetic synthetic, double threshold, double margin) {
    Random random = new Random(size);
    Map<Long, List<float[]>> gallery = new HashMap<>(size * 2);
    // a synthetic person's centre is regenerated from its own seed when probed: 1M centres are not
    // kept
    long id = 0;
    for (List<float[]> photos : real.people.values()) {
      gallery.put(id++, photos.subList(1, photos.size()));
    }
    int realPeople = (int) id;
    while (id < size) {
      gallery.put(
          id, List.of(synthetic.template(synthetic.centre(new Random(seed(size, id))), random)));
      id++;
    }
    int syntheticPeople = size - realPeople;
    int templates = gallery.values().stream().mapToInt(List::size).sum();

    long heapBefore = usedHeap();
    long start = System.nanoTime();
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    long heapAfter = usedHeap();
    // brute force in full precision, for recall (kept out of the heap figure above)
    Exact exact = new Exact(gallery);
    gallery = null;

    OpenSetDecision decision = new OpenSetDecision(threshold, margin);
    // latency, one thread; genuine probes of random synthetic people
    List<float[]> probes = new ArrayList<>();
    for (int i = 0; i < LATENCY_PROBES; i++) {
      long person = realPeople + random.nextInt(syntheticPeople);
      probes.add(synthetic.template(synthetic.centre(new Random(seed(size, person))), random));
    }
    for (int i = 0; i < 300; i++) {
      index.search(probes.get(i % probes.size()), 5); // warm-up
    }
    long[] nanos = new long[LATENCY_PROBES];
    long[] found = new long[LATENCY_PROBES];
    for (int i = 0; i < LATENCY_PROBES; i++) {
      long t0 = System.nanoTime();
      found[i] = index.search(probes.get(i), 5).get(0).userId();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    // recall@1 against brute force (a sample at the largest sizes: brute force costs a second per
    // probe at 1M)
    int recallProbes = size >= 1_000_000 ? 400 : size >= 100_000 ? 1000 : LATENCY_PROBES;
    long agree =
        IntStream.range(0, recallProbes)
            .parallel()
            .filter(i -> exact.top1(probes.get(i)) == found[i])
            .count();
    // the real people, probed with their held-out photo
    int realIdentified = 0;
    int realIdentifiedExact = 0;
    long realId = 0;
    for (List<float[]> photos : real.people.values()) {
      var outcome = decision.decide(index.search(photos.get(0), 5));
      if (outcome.userId().isPresent() && outcome.userId().get() == realId) {
        realIdentified++;
      }
      // the same decision on brute-force ranking: what the threshold allows, whatever the graph
      // finds
      var exactOutcome = decision.decide(index.exactSearch(photos.get(0), 5));
      if (exactOutcome.userId().isPresent() && exactOutcome.userId().get() == realId) {
        realIdentifiedExact++;
      }
      realId++;
    }
    // strangers: fresh synthetic identities nobody enrolled
    int falseIds = 0;
    for (int i = 0; i < IMPOSTOR_PROBES; i++) {
      if (decision
          .decide(index.search(synthetic.template(synthetic.centre(random), random), 5))
          .recognized()) {
        falseIds++;
      }
    }
    // FIR from the real impostor distribution (normal fit): P(best of N impostors >= threshold)
    double perComparison = impostor.tailAbove(threshold);
    double fir = -Math.expm1(size * Math.log1p(-perComparison));
    System.out.printf(
        Locale.ROOT,
        "| %,d | %,d | %.1f s | %,d B (index's own count %,d B) | %.2f ms | %.2f ms "
            + "| %.2f%% (%d/%d) | %d/%d (brute force: %d) | %d/%d | %.2e (per comparison %.2e) |%n",
        size,
        templates,
        buildSeconds,
        (heapAfter - heapBefore) / size,
        index.bytesUsed() / size,
        nanos[LATENCY_PROBES / 2] / 1e6,
        nanos[(int) (LATENCY_PROBES * 0.99)] / 1e6,
        100.0 * agree / recallProbes,
        agree,
        recallProbes,
        realIdentified,
        real.people.size(),
        realIdentifiedExact,
        falseIds,
        IMPOSTOR_PROBES,
        fir,
        perComparison);
    beamSweep(size, index, exact, probes, recallProbes);
  }

  /** Search beams the benchmark sweeps after the main run: recall against latency. */
  private static final int[] BEAMS = {100, 200, 400, 800};

  private static void beamSweep(
      int size, IdentificationIndex index, Exact exact, List<float[]> probes, int recallProbes) {
    for (int beam : BEAMS) {
      long[] nanos = new long[probes.size()];
      long[] found = new long[probes.size()];
      for (int i = 0; i < probes.size(); i++) {
        long t0 = System.nanoTime();
        found[i] = index.search(probes.get(i), 5, beam).get(0).userId();
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      long agree =
          IntStream.range(0, recallProbes)
              .parallel()
              .filter(i -> exact.top1(probes.get(i)) == found[i])
              .count();
      System.out.printf(
          Locale.ROOT,
          "  beam %d at %,d people: p50 %.2f ms, p99 %.2f ms, recall@1 %.2f%% (%d/%d)%n",
          beam,
          size,
          nanos[nanos.length / 2] / 1e6,
          nanos[(int) (nanos.length * 0.99)] / 1e6,
          100.0 * agree / recallProbes,
          agree,
          recallProbes);
    }
  }

  private static long seed(int size, long person) {
    return size * 1_000_003L + person;
  }

  /** Approval on node A (an UPDATE of the user's status) until node B's index has the person. */
  private static void twoNodes(Real real) throws IOException {
    Path dir = Files.createTempDirectory("faceattend-identification-bench");
    try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
      var db = database.dsl();
      TemplateCipher cipher = new TemplateCipher(new byte[32]);
      Gallery gallery = new Gallery(db, cipher);
      Duration poll = Duration.ofMinutes(1); // only a notification can bring the change in time
      try (GallerySync a =
              GallerySync.start(
                  db,
                  database.dataSource(),
                  gallery,
                  DIM,
                  IdentificationIndex.Settings.DEFAULT,
                  poll);
          GallerySync b =
              GallerySync.start(
                  db,
                  database.dataSource(),
                  gallery,
                  DIM,
                  IdentificationIndex.Settings.DEFAULT,
                  poll)) {
        Synthetic synthetic = new Synthetic(real);
        Random random = new Random(2);
        long[] micros = new long[50];
        for (int i = 0; i < micros.length; i++) {
          long userId =
              db.insertInto(USERS)
                  .set(USERS.USERNAME, "bench" + i)
                  .set(USERS.EMAIL, "bench" + i + "@x")
                  .set(USERS.NAME, "Bench " + i)
                  .set(USERS.ROLE, "employee")
                  .set(USERS.STATUS, "pending")
                  .set(USERS.PASSWORD_HASH, "-")
                  .returning(USERS.ID)
                  .fetchSingle(USERS.ID);
          long enrollment =
              db.insertInto(ENROLLMENTS)
                  .set(ENROLLMENTS.USER_ID, userId)
                  .set(ENROLLMENTS.STATUS, "approved")
                  .returning(ENROLLMENTS.ID)
                  .fetchSingle(ENROLLMENTS.ID);
          db.insertInto(FACE_TEMPLATES)
              .set(FACE_TEMPLATES.USER_ID, userId)
              .set(FACE_TEMPLATES.ENROLLMENT_ID, enrollment)
              .set(
                  FACE_TEMPLATES.CIPHERTEXT,
                  cipher.encryptEmbedding(
                      synthetic.template(synthetic.centre(random), random),
                      Enrollments.templateOwner(userId)))
              .set(FACE_TEMPLATES.KEY_ID, cipher.keyId())
              .set(FACE_TEMPLATES.MODEL, io.faceattend.face.EmbeddingModel.SHIPPED.id())
              .execute();
          long t0 = System.nanoTime();
          db.update(USERS).set(USERS.STATUS, "active").where(USERS.ID.eq(userId)).execute();
          while (!b.index().contains(userId)) {
            Thread.onSpinWait();
            if (System.nanoTime() - t0 > 10_000_000_000L) {
              throw new IllegalStateException("node B did not see user " + userId + " within 10 s");
            }
          }
          micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        // node A applies the same notifications; give the last one the same 10 s
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (a.index().people() < micros.length && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        System.out.printf(
            Locale.ROOT,
            "two nodes, one PostgreSQL: approval committed -> in the other node's index: "
                + "p50 %.1f ms, max %.1f ms (%d approvals; node A saw them too: %b)%n",
            micros[micros.length / 2] / 1000.0,
            micros[micros.length - 1] / 1000.0,
            micros.length,
            a.index().people() == micros.length);
      }
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /**
   * Real templates (largest face of each photo), by person, and the real genuine / impostor
   * similarities.
   */
  private record Real(
      Map<String, List<float[]>> people, List<Double> genuine, List<Double> impostor) {}

  private static Real realTemplates() throws IOException {
    Path shared = Path.of(System.getProperty("faceattend.shared.dir", "../shared"));
    Map<String, List<float[]>> people = new TreeMap<>();
    try (FaceEngine engine = new FaceEngine(FaceEngineConfig.fromEnvironment())) {
      for (Path root :
          List.of(shared.resolve("faces/people"), shared.resolve("faces-more/people"))) {
        if (!Files.isDirectory(root)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
          for (Path photo : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = photo.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(name.endsWith(".jpg")
                || name.endsWith(".jpeg")
                || name.endsWith(".png")
                || name.endsWith(".webp"))) {
              continue;
            }
            try {
              List<Face> faces =
                  engine.analyze(Files.readAllBytes(photo), new AnalyzeOptions(true, 1)).faces();
              if (!faces.isEmpty()) {
                people
                    .computeIfAbsent(
                        photo.getParent().getFileName().toString(), k -> new ArrayList<>())
                    .add(faces.get(0).embedding());
              }
            } catch (RuntimeException unreadable) {
              // a photo the engine cannot read is simply not part of the set
            }
          }
        }
      }
    }
    people.values().removeIf(photos -> photos.size() < 2);
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    List<String> names = new ArrayList<>(people.keySet());
    for (int i = 0; i < names.size(); i++) {
      List<float[]> mine = people.get(names.get(i));
      for (int x = 0; x < mine.size(); x++) {
        for (int y = x + 1; y < mine.size(); y++) {
          genuine.add(cosine(mine.get(x), mine.get(y)));
        }
        for (int j = i + 1; j < names.size(); j++) {
          for (float[] other : people.get(names.get(j))) {
            impostor.add(cosine(mine.get(x), other));
          }
        }
      }
    }
    return new Real(people, genuine, impostor);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /**
   * Synthetic identities drawn from the real photos' own distribution (see the class comment): a
   * centre is the real templates' mean plus a random combination of their deviations from it (so
   * its covariance is the real templates' sample covariance, in their own directions), a template
   * is the centre weighted by a per-photo quality plus a random combination of the real
   * within-person deviations. An earlier generator spread the synthetic people over axes of its
   * own: real faces then shared no directions with the rest of the gallery, and a graph search
   * starting among the synthetic people could not reach them.
   */
  static final class Synthetic {
    private final float[] mean = new float[DIM];
    private final List<float[]> deviations = new ArrayList<>(); // template - mean of all
    private final List<float[]> withinPerson = new ArrayList<>(); // template - its person's mean

    Synthetic(Real real) {
      List<float[]> all = real.people.values().stream().flatMap(List::stream).toList();
      for (float[] t : all) {
        for (int i = 0; i < DIM; i++) {
          mean[i] += t[i] / all.size();
        }
      }
      for (float[] t : all) {
        deviations.add(minus(t, mean));
      }
      for (List<float[]> photos : real.people.values()) {
        if (photos.size() < 2) {
          continue;
        }
        float[] own = new float[DIM];
        for (float[] t : photos) {
          for (int i = 0; i < DIM; i++) {
            own[i] += t[i] / photos.size();
          }
        }
        for (float[] t : photos) {
          withinPerson.add(minus(t, own));
        }
      }
    }

    private static float[] minus(float[] a, float[] b) {
      float[] out = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        out[i] = a[i] - b[i];
      }
      return out;
    }

    /** sum of g_k * rows[k] / sqrt(n - 1), g_k standard normal: covariance = the rows' own. */
    private static float[] combination(List<float[]> rows, Random random) {
      float[] out = new float[DIM];
      double scale = 1 / Math.sqrt(rows.size() - 1);
      for (float[] row : rows) {
        float g = (float) (random.nextGaussian() * scale);
        for (int i = 0; i < DIM; i++) {
          out[i] += g * row[i];
        }
      }
      return out;
    }

    /**
     * Share of a centre's spread drawn in every direction rather than the real templates' own: a
     * covariance estimated from a few hundred templates has only that many directions, which makes
     * unrelated synthetic people more alike than real ones (impostor sd 0.119 instead of 0.095); a
     * fifth spread evenly brings it to the real figure.
     */
    private static final double ISOTROPIC_SHARE = 0.2;

    float[] centre(Random random) {
      float[] shaped = combination(deviations, random);
      double spread = Math.sqrt(ISOTROPIC_SHARE * (1 - norm2(mean)) / DIM);
      double shapedWeight = Math.sqrt(1 - ISOTROPIC_SHARE);
      float[] v = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        v[i] = (float) (mean[i] + shapedWeight * shaped[i] + spread * random.nextGaussian());
      }
      return normalise(v);
    }

    private static double norm2(float[] v) {
      double sum = 0;
      for (float x : v) {
        sum += x * x;
      }
      return sum;
    }

    /**
     * The centre weighted by a per-photo quality (about 0.845), plus within-person variation of the
     * real photos.
     */
    float[] template(float[] centre, Random random) {
      double weight = Math.min(0.97, Math.max(0.55, 0.845 + random.nextGaussian() * 0.06));
      float[] noise = normalise(combination(withinPerson, random));
      float[] v = new float[DIM];
      double rest = Math.sqrt(1 - weight * weight);
      for (int i = 0; i < DIM; i++) {
        v[i] = (float) (weight * centre[i] + rest * noise[i]);
      }
      return normalise(v);
    }

    List<Double> genuinePairs(int n) {
      Random random = new Random(3);
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] c = centre(random);
        out.add(cosine(template(c, random), template(c, random)));
      }
      return out;
    }

    List<Double> impostorPairs(int n) {
      Random random = new Random(4);
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(cosine(template(centre(random), random), template(centre(random), random)));
      }
      return out;
    }

    private static float[] normalise(float[] v) {
      double sum = 0;
      for (float x : v) {
        sum += x * x;
      }
      float norm = (float) Math.sqrt(sum);
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
      return v;
    }
  }

  /** Brute force over every template in full precision: the best person. */
  private static final class Exact {
    private final float[] rows;
    private final long[] owners;

    Exact(Map<Long, List<float[]>> gallery) {
      int total = gallery.values().stream().mapToInt(List::size).sum();
      rows = new float[total * DIM];
      owners = new long[total];
      int row = 0;
      for (var entry : gallery.entrySet()) {
        for (float[] t : entry.getValue()) {
          double norm = Math.sqrt(IntStream.range(0, DIM).mapToDouble(i -> t[i] * t[i]).sum());
          for (int i = 0; i < DIM; i++) {
            rows[row * DIM + i] = (float) (t[i] / norm);
          }
          owners[row++] = entry.getKey();
        }
      }
    }

    long top1(float[] probe) {
      double norm = Math.sqrt(IntStream.range(0, DIM).mapToDouble(i -> probe[i] * probe[i]).sum());
      float best = -2;
      long who = -1;
      for (int row = 0; row < owners.length; row++) {
        float dot = 0;
        int offset = row * DIM;
        for (int i = 0; i < DIM; i++) {
          dot += rows[offset + i] * probe[i];
        }
        if (dot > best) {
          best = dot;
          who = owners[row];
        }
      }
      return who;
    }
  }

  /** Mean, spread and range of similarities, and a normal-fit tail. */
  record Stats(int count, double mean, double sd, double min, double max) {
    static Stats of(List<Double> values) {
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double var =
          values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
              / Math.max(1, values.size() - 1);
      return new Stats(
          values.size(),
          mean,
          Math.sqrt(var),
          values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
          values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /** P(score >= t) under a normal fit (the empirical tail is empty this far out). */
    double tailAbove(double t) {
      return 0.5 * ErrorRates.erfc((t - mean) / (sd * Math.sqrt(2)));
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "n=%d mean %.3f sd %.3f min %.3f max %.3f", count, mean, sd, min, max);
    }
  }
}
