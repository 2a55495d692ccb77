package io.faceattend.bench;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.Database;
import io.faceattend.db.DatabaseSettings;
import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.UserStatus;
import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.eval.ErrorRates;
import io.faceattend.face.pipeline.FaceEmbedder;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.identification.Gallery;
import io.faceattend.server.identification.GallerySync;
import io.faceattend.server.identification.IdentificationIndex;
import io.faceattend.server.identification.IdentificationSettings;
import io.faceattend.server.identification.OpenSetDecision;
import io.faceattend.server.security.TemplateCipher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
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
    System.out.printf(
        Locale.ROOT,
        "real photos: %d people (%.0f s)%n",
        real.people.size(),
        (System.nanoTime() - STARTED) / 1e9);
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
        "| people | templates | build | heap per person | wall p50 / p99 | CPU p50 / p99 | recall@1 vs"
            + " brute force | real probes identified | strangers identified | FIR computed from real"
            + " impostors | update (put + remove) p50 |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (int size : sizes) {
      run(size, real, impostor, synthetic, threshold, margin);
    }
    System.out.println();
    twoNodes(real);
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long STARTED = System.nanoTime();

  /**
   * Scanned, shortlist and candidate counts and the probed share swept on the shipped index after
   * the main row (recall against latency); scanned = shortlist skips the whole-code Hamming stage.
   */
  private static final double[][] SEARCHES = {
    {2000, 2000, 100, 1.0},
    {2000, 2000, 50, 1.0},
    {2000, 2000, 50, 0.6},
    {2000, 500, 50, 0.6},
    {2000, 2000, 100, 0.5}
  };

  /**
   * The shipped settings, or with {@code -Didentification.coarseBits=N} another coarse width (to
   * compare widths: each needs its own index).
   */
  private static final IdentificationIndex.Settings SHIPPED = shippedOrCoarse();

  private static IdentificationIndex.Settings shippedOrCoarse() {
    var shipped = IdentificationIndex.Settings.DEFAULT;
    String coarse = System.getProperty("identification.coarseBits", "").trim();
    return coarse.isEmpty()
        ? shipped
        : new IdentificationIndex.Settings(
            shipped.bits(),
            Integer.parseInt(coarse),
            shipped.scanned(),
            shipped.shortlist(),
            shipped.candidates(),
            shipped.probed());
  }

  private static void run(
      int size, Real real, Stats impostor, Synthetic synthetic, double threshold, double margin) {
    Random random = new Random(size);
    // the real people first (all photos but the first), then synthetic people, one template each;
    // a synthetic person's centre and template come from its own seed, so the probes can regenerate
    // the centre (1M centres are not kept) and the gallery is generated on every core
    List<List<float[]>> realPhotos = new ArrayList<>(real.people.values());
    int realPeople = realPhotos.size();
    float[][] syntheticTemplates = new float[size - realPeople][];
    IntStream.range(0, syntheticTemplates.length)
        .parallel()
        .forEach(
            k -> {
              Random own = new Random(seed(size, realPeople + k));
              syntheticTemplates[k] = synthetic.template(synthetic.centre(own), own);
            });
    Map<Long, List<float[]>> gallery = new HashMap<>(size * 2);
    for (int k = 0; k < realPeople; k++) {
      List<float[]> enrolled = new ArrayList<>();
      for (float[] photo : realPhotos.get(k).subList(1, realPhotos.get(k).size())) {
        enrolled.add(Synthetic.normalise(photo.clone()));
      }
      gallery.put((long) k, enrolled);
    }
    for (int k = 0; k < syntheticTemplates.length; k++) {
      gallery.put((long) realPeople + k, List.of(syntheticTemplates[k]));
    }
    int syntheticPeople = size - realPeople;
    int templates = gallery.values().stream().mapToInt(List::size).sum();

    long heapBefore = usedHeap();
    long start = System.nanoTime();
    IdentificationIndex index = IdentificationIndex.build(gallery, DIM, SHIPPED);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    long heapAfter = usedHeap();

    // probes: genuine probes of random synthetic people (a fresh template of their centre), then
    // the real people's held-out photos, then strangers (synthetic identities nobody enrolled)
    List<float[]> probes = new ArrayList<>();
    for (int i = 0; i < LATENCY_PROBES; i++) {
      long person = realPeople + random.nextInt(syntheticPeople);
      probes.add(synthetic.template(synthetic.centre(new Random(seed(size, person))), random));
    }
    List<float[]> realProbes = realPhotos.stream().map(photos -> photos.get(0)).toList();
    List<float[]> strangers = new ArrayList<>();
    for (int i = 0; i < IMPOSTOR_PROBES; i++) {
      strangers.add(synthetic.template(synthetic.centre(random), random));
    }
    // brute force in full precision over the same templates: the ground truth for recall and for
    // the real probes' decisions
    // brute force costs a few minutes per thousand probes at 1M on 2 cores: fewer probes there
    int recallProbes = size >= 1_000_000 ? 500 : size >= 100_000 ? 1000 : LATENCY_PROBES;
    List<float[]> truthProbes = new ArrayList<>(probes.subList(0, recallProbes));
    truthProbes.addAll(realProbes);
    long truthStart = System.nanoTime();
    List<List<IdentificationIndex.Candidate>> truth = new Exact(gallery).rank(truthProbes, 5);
    double truthSeconds = (System.nanoTime() - truthStart) / 1e9;
    gallery = null;

    OpenSetDecision decision = new OpenSetDecision(threshold, margin);
    Timing main = time(index, probes, SHIPPED);
    long agree =
        IntStream.range(0, recallProbes)
            .filter(i -> truth.get(i).get(0).userId() == main.found[i])
            .count();
    int realIdentified = 0;
    int realIdentifiedExact = 0;
    for (int k = 0; k < realPeople; k++) {
      var outcome = decision.decide(index.search(realProbes.get(k), 5));
      if (outcome.userId().isPresent() && outcome.userId().get() == k) {
        realIdentified++;
      }
      var exactOutcome = decision.decide(truth.get(recallProbes + k));
      if (exactOutcome.userId().isPresent() && exactOutcome.userId().get() == k) {
        realIdentifiedExact++;
      }
    }
    int falseIds = 0;
    for (float[] stranger : strangers) {
      if (decision.decide(index.search(stranger, 5)).recognized()) {
        falseIds++;
      }
    }
    // FIR from the real impostor distribution (normal fit): P(best of N impostors >= threshold)
    double perComparison = impostor.tailAbove(threshold);
    double fir = -Math.expm1(size * Math.log1p(-perComparison));
    // an update on this node: a person put in and taken out again (the index's own cost; the
    // two-node figure below adds PostgreSQL and the notification)
    long[] updateNanos = new long[200];
    for (int i = 0; i < updateNanos.length; i++) {
      float[] face = synthetic.template(synthetic.centre(random), random);
      long t0 = System.nanoTime();
      index.put(-1 - i, List.of(face));
      index.remove(-1 - i);
      updateNanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(updateNanos);
    System.out.printf(
        Locale.ROOT,
        "| %,d | %,d | %.1f s | %,d B (index's own count %,d B) | %.2f / %.2f ms | %.2f / %.2f ms "
            + "| %.2f%% (%d/%d) | %d/%d (brute force: %d) | %d/%d | %.2e (per comparison %.2e) "
            + "| %.1f us |%n",
        size,
        templates,
        buildSeconds,
        (heapAfter - heapBefore) / size,
        index.bytesUsed() / size,
        main.p50Wall(),
        main.p99Wall(),
        main.p50Cpu(),
        main.p99Cpu(),
        100.0 * agree / recallProbes,
        agree,
        recallProbes,
        realIdentified,
        realPeople,
        realIdentifiedExact,
        falseIds,
        IMPOSTOR_PROBES,
        fir,
        perComparison,
        updateNanos[updateNanos.length / 2] / 1e3);
    System.out.printf(
        Locale.ROOT,
        "  (brute force for %d probes: %.1f s; %.0f s since the start)%n",
        truthProbes.size(),
        truthSeconds,
        (System.nanoTime() - STARTED) / 1e9);
    memoryFloor(templates, SHIPPED.coarseBits());
    var shipped = SHIPPED;
    for (double[] search : SEARCHES) {
      sweepLine(
          size,
          index,
          shipped
              .withSearch((int) search[0], (int) search[1], (int) search[2])
              .withProbed(search[3]),
          probes,
          truth,
          recallProbes);
    }
  }

  private static void sweepLine(
      int size,
      IdentificationIndex index,
      IdentificationIndex.Settings search,
      List<float[]> probes,
      List<List<IdentificationIndex.Candidate>> truth,
      int recallProbes) {
    Timing timing = time(index, probes, search);
    long agree =
        IntStream.range(0, recallProbes)
            .filter(i -> truth.get(i).get(0).userId() == timing.found[i])
            .count();
    System.out.printf(
        Locale.ROOT,
        "  %d-bit scan of %.0f%% keeping %d, shortlist %d, %d re-ranked, at %,d people: wall p50 %.2f ms,"
            + " p99 %.2f ms;"
            + " CPU p50 %.2f ms, p99 %.2f ms; recall@1 %.2f%% (%d/%d)%n",
        search.coarseBits(),
        100 * search.probed(),
        search.scanned(),
        search.shortlist(),
        search.candidates(),
        size,
        timing.p50Wall(),
        timing.p99Wall(),
        timing.p50Cpu(),
        timing.p99Cpu(),
        100.0 * agree / recallProbes,
        agree,
        recallProbes);
  }

  private static long floorSink;

  /**
   * The scan's floor on this machine, now: one thread summing as many bytes as the scan reads (the
   * coarse codes of every template), CPU time, as one sequential stream and as four interleaved
   * streams (the scan reads four cells at once: one stream alone is limited by how many lines one
   * prefetcher keeps in flight). At a million templates the scan is bound by memory bandwidth,
   * which a VM shares with its host's other tenants: these lines tell a slow host from a slow scan.
   */
  private static void memoryFloor(int templates, int coarseBits) {
    long[] codes = new long[templates * (coarseBits / Long.SIZE)];
    Arrays.fill(codes, 1L);
    int quarter = codes.length / 4;
    for (int streams : new int[] {1, 4}) {
      long[] cpu = new long[200];
      for (int round = 0; round < 2; round++) { // the first round warms up
        for (int i = 0; i < cpu.length; i++) {
          long c0 = THREADS.getCurrentThreadCpuTime();
          long sum = 0;
          if (streams == 1) {
            for (long word : codes) {
              sum += word;
            }
          } else {
            for (int k = 0; k < quarter; k++) {
              sum +=
                  codes[k] + codes[quarter + k] + codes[2 * quarter + k] + codes[3 * quarter + k];
            }
            for (int k = 4 * quarter; k < codes.length; k++) {
              sum += codes[k];
            }
          }
          floorSink += sum;
          cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
        }
      }
      Arrays.sort(cpu);
      double p50 = cpu[cpu.length / 2] / 1e6;
      System.out.printf(
          Locale.ROOT,
          "  memory floor: reading the %,d MB of coarse codes alone, %s, CPU p50 %.2f ms,"
              + " p99 %.2f ms (%.1f GB/s on one core)%n",
          codes.length * 8L / 1_000_000,
          streams == 1 ? "one stream" : "four streams",
          p50,
          cpu[(int) (cpu.length * 0.99)] / 1e6,
          codes.length * 8L / (p50 * 1e6));
    }
  }

  /** Per-search wall and CPU time on this one thread, and the best person found per probe. */
  private record Timing(long[] wall, long[] cpu, long[] found) {
    double p50Wall() {
      return wall[wall.length / 2] / 1e6;
    }

    double p99Wall() {
      return wall[(int) (wall.length * 0.99)] / 1e6;
    }

    double p50Cpu() {
      return cpu[cpu.length / 2] / 1e6;
    }

    double p99Cpu() {
      return cpu[(int) (cpu.length * 0.99)] / 1e6;
    }
  }

  private static Timing time(
      IdentificationIndex index, List<float[]> probes, IdentificationIndex.Settings search) {
    for (int i = 0; i < 300; i++) {
      index.search(probes.get(i % probes.size()), 5, search); // warm-up
    }
    long[] wall = new long[probes.size()];
    long[] cpu = new long[probes.size()];
    long[] found = new long[probes.size()];
    for (int i = 0; i < probes.size(); i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      found[i] = index.search(probes.get(i), 5, search).get(0).userId();
      wall[i] = System.nanoTime() - t0;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new Timing(wall, cpu, found);
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
      // two nodes: each its own index, kept in step through the one database
      Supplier<GallerySync> node =
          () ->
              GallerySync.start(
                  db,
                  database.dataSource(),
                  gallery,
                  DIM,
                  IdentificationIndex.Settings.DEFAULT,
                  poll);
      try (GallerySync a = node.get();
          GallerySync b = node.get()) {
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
                  .set(USERS.STATUS, UserStatus.PENDING)
                  .set(USERS.PASSWORD_HASH, "-")
                  .returning(USERS.ID)
                  .fetchSingle(USERS.ID);
          long enrollment =
              db.insertInto(ENROLLMENTS)
                  .set(ENROLLMENTS.USER_ID, userId)
                  .set(ENROLLMENTS.STATUS, EnrollmentStatus.APPROVED)
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
          db.update(USERS)
              .set(USERS.STATUS, UserStatus.ACTIVE)
              .where(USERS.ID.eq(userId))
              .execute();
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
  record Real(Map<String, List<float[]>> people, List<Double> genuine, List<Double> impostor) {}

  static Real realTemplates() throws IOException {
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
          genuine.add(FaceEmbedder.cosineOfAny(mine.get(x), mine.get(y)));
        }
        for (int j = i + 1; j < names.size(); j++) {
          for (float[] other : people.get(names.get(j))) {
            impostor.add(FaceEmbedder.cosineOfAny(mine.get(x), other));
          }
        }
      }
    }
    return new Real(people, genuine, impostor);
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
        out.add(FaceEmbedder.cosineOfAny(template(c, random), template(c, random)));
      }
      return out;
    }

    List<Double> impostorPairs(int n) {
      Random random = new Random(4);
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(
            FaceEmbedder.cosineOfAny(
                template(centre(random), random), template(centre(random), random)));
      }
      return out;
    }

    static float[] normalise(float[] v) {
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

  /**
   * Brute force over every template in full precision: each probe's best people. Probes go in
   * batches of 64 held dimension-major, so the innermost loop is one row value times 64 probe
   * values (a loop the JIT vectorises) and each template row is read once per batch; batches run on
   * every core.
   */
  private static final class Exact {
    private static final int BATCH = 64;
    private static final int KEEP = 32; // templates per probe, enough for 5 distinct people

    private final float[][] rows; // unit length, shared with the gallery
    private final long[] owners;

    Exact(Map<Long, List<float[]>> gallery) {
      int total = gallery.values().stream().mapToInt(List::size).sum();
      rows = new float[total][];
      owners = new long[total];
      int row = 0;
      for (var entry : gallery.entrySet()) {
        for (float[] t : entry.getValue()) {
          rows[row] = t;
          owners[row++] = entry.getKey();
        }
      }
    }

    List<List<IdentificationIndex.Candidate>> rank(List<float[]> probes, int people) {
      int batches = (probes.size() + BATCH - 1) / BATCH;
      List<List<List<IdentificationIndex.Candidate>>> out =
          IntStream.range(0, batches)
              .parallel()
              .mapToObj(
                  b ->
                      rankBatch(
                          probes.subList(b * BATCH, Math.min(probes.size(), (b + 1) * BATCH)),
                          people))
              .toList();
      return out.stream().flatMap(List::stream).toList();
    }

    private List<List<IdentificationIndex.Candidate>> rankBatch(List<float[]> batch, int people) {
      int n = batch.size();
      float[] transposed = new float[DIM * BATCH];
      for (int p = 0; p < n; p++) {
        float[] unit = Synthetic.normalise(batch.get(p).clone());
        for (int i = 0; i < DIM; i++) {
          transposed[i * BATCH + p] = unit[i];
        }
      }
      float[][] bestScores = new float[n][KEEP];
      int[][] bestRows = new int[n][KEEP];
      for (float[] scores : bestScores) {
        Arrays.fill(scores, -2);
      }
      float[] acc = new float[BATCH];
      for (int row = 0; row < rows.length; row++) {
        float[] r = rows[row];
        Arrays.fill(acc, 0);
        for (int i = 0; i < DIM; i++) {
          float x = r[i];
          int base = i * BATCH;
          for (int p = 0; p < BATCH; p++) {
            acc[p] += x * transposed[base + p];
          }
        }
        for (int p = 0; p < n; p++) {
          float[] scores = bestScores[p];
          if (acc[p] > scores[KEEP - 1]) {
            int at = KEEP - 1;
            while (at > 0 && scores[at - 1] < acc[p]) {
              scores[at] = scores[at - 1];
              bestRows[p][at] = bestRows[p][at - 1];
              at--;
            }
            scores[at] = acc[p];
            bestRows[p][at] = row;
          }
        }
      }
      List<List<IdentificationIndex.Candidate>> out = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        // a person's first appearance is their best template
        List<IdentificationIndex.Candidate> ranked = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int k = 0; k < KEEP && ranked.size() < people; k++) {
          long owner = owners[bestRows[p][k]];
          if (bestScores[p][k] > -2 && seen.add(owner)) {
            ranked.add(new IdentificationIndex.Candidate(owner, bestScores[p][k]));
          }
        }
        out.add(ranked);
      }
      return out;
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
