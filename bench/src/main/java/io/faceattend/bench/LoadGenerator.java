package io.faceattend.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.pipeline.FaceEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The morning rush against running gateways, over REST only, with real photos: creates employees
 * through the admin API, enrols and approves each with a real photo, then every one checks in and
 * out (a real photo of the same person, unique bytes, an Idempotency-Key per punch) through the
 * gateways in turn. A punch that meets a dead gateway, a 5xx or {@code overloaded} is sent again,
 * same key, to the next gateway. Optionally SIGKILLs given processes part-way through. Finally
 * reads every employee's day back from the API: each acknowledged punch must be there, once.
 *
 * <p>With {@code --pipeline-runs N} it first times the face engine's check-in pipeline in this
 * process on the same photos (one thread, then one per core side by side), so the compute bound
 * (cores / pipeline time) and the REST throughput come from one run. The punches run in three
 * phases: {@code --warmup} employees in parallel, not measured (the gateway's JIT compiles the hot
 * path, so what follows is steady state), {@code --single} one request at a time (single-request
 * latency and CPU), then the rest in parallel (saturation). Run it with {@code scripts/load.sh}
 * (docs/benchmarks.md).
 */
public final class LoadGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long one punch may keep being retried before it counts as failed. */
  private static final Duration PUNCH_GIVE_UP = Duration.ofSeconds(120);

  private final Options options;
  // HTTP/1.1, as a phone's stack talks to a plain-http gateway: the JDK client's default
  // (HTTP/2) upgrades a plain connection to h2c, which frames every 200 KB upload in 16 KB frames
  // with flow-control updates on both sides: CPU on the same cores as the node measured
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .build();
  private final AtomicInteger gatewayTurn = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final Map<String, AtomicInteger> retryCauses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger punchesDone = new AtomicInteger();
  private final AtomicBoolean killed = new AtomicBoolean();
  private final Map<String, Object> killedAt = new ConcurrentHashMap<>();
  private double pipelineCpuMs;
  private double pipelineSideBySideCpuMs;

  /** Command-line options; see {@link #usage}. */
  record Options(
      List<URI> gateways,
      String adminUser,
      String adminPassword,
      int users,
      int clients,
      int single,
      int warmup,
      Path photos,
      String prefix,
      List<Long> killPids,
      double killAt,
      int pipelineRuns,
      long cpuPid,
      long postmasterPid,
      @Nullable Path report) {}

  /** An identity usable for the run: an enrolment photo and other photos of the same person. */
  record Identity(String name, byte[] enrolPhoto, List<byte[]> punchPhotos) {}

  /** One employee of the run. */
  record Employee(int index, String username, String password, Identity identity) {}

  /** Which part of the run a punch belongs to. */
  enum Phase {
    /** Before anything is measured: the gateway's JIT compiles the hot path. */
    WARMUP,
    /** One request at a time: the single-request latency. */
    SINGLE,
    /** In parallel: saturation. */
    LOAD
  }

  /** One acknowledged punch: what the API answered. */
  record Ack(String kind, String time, long latencyNanos, Phase phase, boolean steady) {}

  /**
   * Counters read when half of the parallel punches are acknowledged: the second half is the steady
   * state (a warm JIT: in the first seconds C2 compiles take a large share of the CPU).
   */
  record Snapshot(
      long nanos,
      long epochMillis,
      long gatewayCpu,
      Map<String, Long> gatewayThreadCpu,
      long ownCpu,
      long databaseCpu,
      Map<String, double[]> metrics) {}

  private volatile @Nullable Snapshot halfway;

  LoadGenerator(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    int code = 2;
    try {
      code = new LoadGenerator(options).run();
    } catch (Exception | Error e) {
      e.printStackTrace(); // System.exit in finally would swallow it
      throw e;
    } finally {
      System.exit(code); // also when run() failed: the HTTP client's threads would keep the JVM up
    }
  }

  int run() throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("gateways", options.gateways().toString());
    report.put("users", options.users());
    report.put("clients", options.clients());
    report.put("load_average_at_start", loadAverage());
    report.put("cores", Runtime.getRuntime().availableProcessors());

    List<Identity> identities = identities(report);
    say("identities usable: %d (%s)", identities.size(), names(identities));

    String admin = login(gateway(0), options.adminUser(), options.adminPassword());
    List<Employee> employees = new ArrayList<>();
    for (int i = 0; i < options.users(); i++) {
      employees.add(
          new Employee(
              i,
              options.prefix() + "-" + i,
              options.prefix() + "-pass-" + i,
              identities.get(i % identities.size())));
    }
    long setupStart = System.nanoTime();
    Map<Integer, String> tokens = setUp(employees, admin);
    report.put("setup_seconds", seconds(System.nanoTime() - setupStart));
    say("set up %d employees in %.1f s", employees.size(), seconds(System.nanoTime() - setupStart));

    // the punches: the first `warmup` employees in parallel, not measured (the JIT compiles the
    // gateway's hot path), the next `single` one at a time (single-request latency), then the rest
    // with `clients` in parallel (saturation)
    Map<Integer, List<Ack>> acks = new ConcurrentHashMap<>();
    int warm = Math.min(options.warmup(), employees.size());
    List<Employee> warming = employees.subList(0, warm);
    List<Employee> sequential =
        employees.subList(warm, Math.min(warm + options.single(), employees.size()));
    List<Employee> parallel = employees.subList(warm + sequential.size(), employees.size());
    int totalPunches = 2 * parallel.size();
    if (!warming.isEmpty()) {
      long warmStart = System.nanoTime();
      long gatewayCpuWarm = cpuMillis(options.cpuPid());
      inParallel(
          warming, e -> acks.put(e.index(), punchDay(e, tokens.get(e.index()), Phase.WARMUP, 0)));
      report.put("warmup_punches", 2 * warming.size());
      report.put("warmup_seconds", seconds(System.nanoTime() - warmStart));
      if (options.cpuPid() > 0) {
        report.put(
            "warmup_gateway_cpu_ms_per_punch",
            (double) (cpuMillis(options.cpuPid()) - gatewayCpuWarm) / (2 * warming.size()));
      }
      say(
          "warm-up: %d punches in %.1f s",
          2 * warming.size(), seconds(System.nanoTime() - warmStart));
    }
    Map<String, double[]> metricsStart = scrapeTimings();
    long gatewayCpuSingle = cpuMillis(options.cpuPid());
    long databaseCpuSingle = treeCpuMillis(options.postmasterPid());
    for (Employee e : sequential) {
      acks.put(e.index(), punchDay(e, tokens.get(e.index()), Phase.SINGLE, Integer.MAX_VALUE));
    }
    if (!sequential.isEmpty()) {
      report.put("server_mean_ms_single", timingsBetween(metricsStart, scrapeTimings()));
      // one request at a time: the CPU of one punch with nothing beside it
      int singlePunches = 2 * sequential.size();
      if (options.cpuPid() > 0) {
        report.put(
            "single_gateway_cpu_ms_per_punch",
            (double) (cpuMillis(options.cpuPid()) - gatewayCpuSingle) / singlePunches);
      }
      if (options.postmasterPid() > 0) {
        report.put(
            "single_database_cpu_ms_per_punch",
            (double) (treeCpuMillis(options.postmasterPid()) - databaseCpuSingle) / singlePunches);
      }
    }
    Map<String, double[]> metricsBefore = scrapeTimings();
    long gatewayCpuBefore = cpuMillis(options.cpuPid());
    long ownCpuBefore = ownCpuMillis();
    long databaseCpuBefore = treeCpuMillis(options.postmasterPid());
    report.put("load_average_at_saturation_start", loadAverage());
    long loadStart = System.nanoTime();
    inParallel(
        parallel,
        e -> acks.put(e.index(), punchDay(e, tokens.get(e.index()), Phase.LOAD, totalPunches)));
    long loadNanos = System.nanoTime() - loadStart;
    report.put("server_mean_ms_during_load", timingsBetween(metricsBefore, scrapeTimings()));
    long loadPunches = Math.max(1, punchesDone.get());
    if (options.cpuPid() > 0) {
      // all of the node's JVM (face engine included) per acknowledged punch, from /proc
      report.put(
          "gateway_cpu_ms_per_punch",
          (double) (cpuMillis(options.cpuPid()) - gatewayCpuBefore) / loadPunches);
    }
    report.put("loadgen_cpu_ms_per_punch", (double) (ownCpuMillis() - ownCpuBefore) / loadPunches);
    if (options.postmasterPid() > 0) {
      report.put(
          "database_cpu_ms_per_punch",
          (double) (treeCpuMillis(options.postmasterPid()) - databaseCpuBefore) / loadPunches);
    }
    Snapshot half = halfway;
    if (half != null) {
      // the second half of the parallel punches: throughput, latency and CPU of a warm node
      long end = System.nanoTime();
      long steadyPunches = Math.max(1, loadPunches - totalPunches / 2);
      List<Long> steadyLatency = new ArrayList<>();
      for (List<Ack> list : acks.values()) {
        for (Ack ack : list) {
          if (ack.steady()) {
            steadyLatency.add(ack.latencyNanos());
          }
        }
      }
      Map<String, Object> steady = new LinkedHashMap<>();
      steady.put("punches", steadyPunches);
      steady.put("from_epoch_ms", half.epochMillis());
      steady.put("to_epoch_ms", System.currentTimeMillis());
      steady.put("seconds", seconds(end - half.nanos()));
      steady.put("punches_per_second", steadyPunches / seconds(end - half.nanos()));
      steady.put("latency_ms", percentiles(steadyLatency));
      if (options.cpuPid() > 0) {
        steady.put(
            "gateway_cpu_ms_per_punch",
            (double) (cpuMillis(options.cpuPid()) - half.gatewayCpu()) / steadyPunches);
        // by thread kind: the JIT and GC threads apart from the request threads (names as in
        // /proc, cut to 15 characters by Linux)
        Map<String, Long> before = half.gatewayThreadCpu();
        Map<String, Double> byThread = new LinkedHashMap<>();
        threadCpuMillis(options.cpuPid()).entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
            .filter(e -> e.getValue() > 0)
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .forEach(e -> byThread.put(e.getKey(), (double) e.getValue() / steadyPunches));
        steady.put("gateway_cpu_ms_per_punch_by_thread", byThread);
      }
      if (options.postmasterPid() > 0) {
        steady.put(
            "database_cpu_ms_per_punch",
            (double) (treeCpuMillis(options.postmasterPid()) - half.databaseCpu()) / steadyPunches);
      }
      steady.put(
          "loadgen_cpu_ms_per_punch", (double) (ownCpuMillis() - half.ownCpu()) / steadyPunches);
      steady.put("server_mean_ms", timingsBetween(half.metrics(), scrapeTimings()));
      report.put("steady_state", steady);
    }
    report.put("load_average_at_end", loadAverage());

    // latencies and throughput
    List<Long> singleLatency = new ArrayList<>();
    List<Long> loadLatency = new ArrayList<>();
    int acknowledged = 0;
    for (List<Ack> list : acks.values()) {
      for (Ack ack : list) {
        acknowledged++;
        switch (ack.phase()) {
          case SINGLE -> singleLatency.add(ack.latencyNanos());
          case LOAD -> loadLatency.add(ack.latencyNanos());
          case WARMUP -> {} // not measured
        }
      }
    }
    int loadAcks = loadLatency.size();
    double throughput = loadAcks / seconds(loadNanos);
    report.put("punches_acknowledged", acknowledged);
    report.put("punch_retries", retries.get());
    report.put("punch_retry_causes", new HashMap<>(toCounts(retryCauses)));
    report.put("punch_refusals", new HashMap<>(toCounts(refusals)));
    report.put("load_seconds", seconds(loadNanos));
    report.put("rest_punches_per_second", throughput);
    report.put("single_request_ms", percentiles(singleLatency));
    report.put("saturation_ms", percentiles(loadLatency));
    Object pipeline = report.get("pipeline_ms_median");
    if (pipelineCpuMs > 0) {
      report.put("pipeline_cpu_ms_median", pipelineCpuMs);
    }
    if (pipelineSideBySideCpuMs > 0) {
      report.put("pipeline_side_by_side_cpu_ms_median", pipelineSideBySideCpuMs);
    }
    if (pipeline instanceof Double ms) {
      // cores / one pipeline's CPU time: what the cores could do if they did nothing but pipelines
      // (its wall time would also count the neighbours' share of a shared box)
      int cores = Runtime.getRuntime().availableProcessors();
      double bound = cores * 1000.0 / (pipelineCpuMs > 0 ? pipelineCpuMs : ms);
      report.put("compute_bound_per_second", bound);
      report.put("compute_bound_from_wall_per_second", cores * 1000.0 / ms);
      report.put("throughput_over_compute_bound", throughput / bound);
      if (half != null) {
        report.put(
            "steady_throughput_over_compute_bound",
            ((Map<?, ?>) report.get("steady_state")).get("punches_per_second") instanceof Double x
                ? x / bound
                : 0.0);
      }
    }

    // verification, from the API, through a gateway that still answers
    Map<String, Object> verified = verify(employees, tokens, acks);
    report.put("verification", verified);
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    System.out.println(text);
    if (options.report() != null) {
      Files.writeString(options.report(), text);
    }
    boolean ok =
        ((Integer) verified.get("lost")) == 0
            && ((Integer) verified.get("duplicated")) == 0
            && ((Integer) verified.get("unexpected")) == 0
            && refusals.isEmpty()
            && acknowledged == 2 * employees.size();
    say(ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
  }

  /** Each employee's punches on one of {@code clients} threads; an error is counted, not fatal. */
  private void inParallel(List<Employee> employees, Consumer<Employee> punches) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(options.clients());
    List<Future<?>> running = new ArrayList<>();
    for (Employee e : employees) {
      running.add(
          pool.submit(
              () -> {
                try {
                  punches.accept(e);
                } catch (RuntimeException failed) {
                  // counted and reported; the other employees go on
                  refusals.computeIfAbsent("error", c -> new AtomicInteger()).incrementAndGet();
                  say("error for %s: %s", e.username(), failed);
                }
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
  }

  // ---------------------------------------------------------------- photos and the pipeline

  /**
   * The identities of {@code people/} with a photo the engine accepts for enrolment and at least
   * one other accepted photo that matches it; with {@code --pipeline-runs}, times the check-in
   * pipeline on those photos too. The engine runs here only before the load and is then closed.
   */
  private List<Identity> identities(Map<String, Object> report) throws Exception {
    List<Identity> usable = new ArrayList<>();
    List<byte[]> accepted = new ArrayList<>();
    try (FaceEngine engine = new FaceEngine(FaceEngineConfig.fromEnvironment());
        Stream<Path> folders = Files.list(options.photos().resolve("people"))) {
      for (Path folder : folders.sorted().toList()) {
        List<byte[]> photos = new ArrayList<>();
        List<float[]> templates = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
          for (Path file : files.sorted().toList()) {
            if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg")) {
              continue; // the comment-segment trick below needs JPEG
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < 2 || (bytes[0] & 0xff) != 0xff || (bytes[1] & 0xff) != 0xd8) {
              continue; // named .jpg but PNG or WebP inside
            }
            try {
              Face face = engine.acceptFace(bytes);
              photos.add(bytes);
              templates.add(face.embedding());
            } catch (FaceEngineException refused) {
              // a gate refuses it (two faces, pose, eyes...): not a check-in photo
            }
          }
        }
        if (photos.size() < 2) {
          continue;
        }
        List<byte[]> punches = new ArrayList<>();
        for (int i = 1; i < photos.size(); i++) {
          if (engine.isMatch(FaceEmbedder.cosine(templates.get(0), templates.get(i)))) {
            punches.add(photos.get(i));
          }
        }
        if (!punches.isEmpty()) {
          usable.add(new Identity(folder.getFileName().toString(), photos.get(0), punches));
          accepted.addAll(punches);
        }
      }
      if (usable.isEmpty()) {
        throw new IllegalStateException("no usable identity under " + options.photos());
      }
      if (options.pipelineRuns() > 0) {
        report.put("pipeline_ms_median", pipelineMillis(engine, accepted));
      }
    }
    return usable;
  }

  /**
   * Median wall time of FaceEngine.acceptFace on one thread over the punch photos, warmed up;
   * before it, one thread per core side by side (as at saturation), whose CPU per pipeline says
   * what sharing the caches and memory costs (reported, not used for the bound).
   */
  private double pipelineMillis(FaceEngine engine, List<byte[]> photos) throws Exception {
    for (int i = 0; i < Math.max(20, options.pipelineRuns()); i++) {
      engine.acceptFace(photos.get(i % photos.size()));
    }
    var threads = ManagementFactory.getThreadMXBean();
    // side by side first, so the one-thread timing that makes the bound comes last, warmest
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    List<Future<long[]>> sideBySide = new ArrayList<>();
    for (int t = 0; t < cores; t++) {
      int offset = t * 7;
      sideBySide.add(
          pool.submit(
              () -> {
                long[] own = new long[options.pipelineRuns()];
                for (int i = 0; i < own.length; i++) {
                  long startedCpu = threads.getCurrentThreadCpuTime();
                  engine.acceptFace(photos.get((i + offset) % photos.size()));
                  own[i] = threads.getCurrentThreadCpuTime() - startedCpu;
                }
                return own;
              }));
    }
    long[] shared = new long[0];
    for (Future<long[]> f : sideBySide) {
      long[] own = f.get();
      long[] merged = Arrays.copyOf(shared, shared.length + own.length);
      System.arraycopy(own, 0, merged, shared.length, own.length);
      shared = merged;
    }
    pool.shutdown();
    Arrays.sort(shared);
    pipelineSideBySideCpuMs = shared[shared.length / 2] / 1e6;
    say(
        "check-in pipeline, %d side by side: median %.1f ms CPU each",
        cores, pipelineSideBySideCpuMs);
    long[] times = new long[options.pipelineRuns()];
    long[] cpu = new long[times.length];
    for (int i = 0; i < times.length; i++) {
      long started = System.nanoTime();
      long startedCpu = threads.getCurrentThreadCpuTime();
      engine.acceptFace(photos.get(i % photos.size()));
      times[i] = System.nanoTime() - started;
      cpu[i] = threads.getCurrentThreadCpuTime() - startedCpu;
    }
    Arrays.sort(times);
    Arrays.sort(cpu);
    double median = times[times.length / 2] / 1e6;
    // ONNX Runtime runs on the calling thread with one intra-op thread: this is the pipeline's CPU
    pipelineCpuMs = cpu[cpu.length / 2] / 1e6;
    say(
        "check-in pipeline in process: median %.1f ms wall, %.1f ms CPU over %d runs",
        median, pipelineCpuMs, times.length);
    return median;
  }

  /**
   * The same photo with a JPEG comment segment naming the punch: the pixels are the same, the bytes
   * (and their SHA-256, which the server refuses to see twice for one person) are new.
   */
  static byte[] unique(byte[] jpeg, String label) {
    if (jpeg.length < 2 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new IllegalArgumentException("not a JPEG");
    }
    byte[] text = label.getBytes(StandardCharsets.US_ASCII);
    int length = text.length + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
    out.write(0xff);
    out.write(0xd8);
    out.write(0xff);
    out.write(0xfe); // COM
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes(text);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- set-up through the admin API

  /** Creates, signs in, enrols and approves every employee; returns their access tokens. */
  private Map<Integer, String> setUp(List<Employee> employees, String admin) throws Exception {
    Map<Integer, String> tokens = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, options.clients()));
    List<Future<?>> done = new ArrayList<>();
    for (Employee e : employees) {
      done.add(
          pool.submit(
              () -> {
                URI gateway = gateway(e.index());
                Reply created =
                    sendWithRetry(
                        () ->
                            json(
                                gateway,
                                "/api/admin/users",
                                admin,
                                Map.of(
                                    "username",
                                    e.username(),
                                    "password",
                                    e.password(),
                                    "name",
                                    "Load " + e.index(),
                                    "email",
                                    e.username() + "@load.example",
                                    "role",
                                    "employee")));
                expect(created, "create " + e.username());
                long id = created.json().get("user").get("id").asLong();
                String token = login(gateway, e.username(), e.password());
                Multipart form =
                    new Multipart()
                        .file(
                            "image",
                            "face.jpg",
                            unique(e.identity().enrolPhoto(), "enrol " + e.username()))
                        .field("device", "android")
                        .field("deviceId", "load-" + e.username());
                expect(
                    sendWithRetry(() -> multipart(gateway, "/api/face/enroll", token, null, form)),
                    "enrol " + e.username());
                expect(
                    sendWithRetry(
                        () ->
                            json(
                                gateway,
                                "/api/admin/users/" + id + "/approve",
                                admin,
                                Map.of("override_duplicates", true))),
                    "approve " + e.username());
                tokens.put(e.index(), token);
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return tokens;
  }

  // ---------------------------------------------------------------- the punches

  /** Check-in then check-out of one employee; every acknowledged answer is returned. */
  private List<Ack> punchDay(Employee e, String token, Phase phase, int totalPunches) {
    List<Ack> acks = new ArrayList<>();
    List<byte[]> photos = e.identity().punchPhotos();
    String[][] kinds = {{"check-in", "check_in_time"}, {"check-out", "check_out_time"}};
    for (int k = 0; k < kinds.length; k++) {
      byte[] photo =
          unique(photos.get((e.index() + k) % photos.size()), kinds[k][0] + " " + e.username());
      String key = options.prefix() + "-" + e.index() + "-" + kinds[k][0];
      Multipart form =
          new Multipart()
              .file("image", "selfie.jpg", photo)
              .field("device", "android")
              .field("deviceId", "load-" + e.username())
              .field("latitude", "24.8607")
              .field("longitude", "67.0011");
      long started = System.nanoTime();
      Optional<Reply> answer = punch(e, "/api/attendance/" + kinds[k][0], token, key, form);
      long latency = System.nanoTime() - started;
      if (answer.isEmpty()) {
        return acks; // refused or given up: counted; the check-out would only be refused too
      }
      boolean steady = phase == Phase.LOAD && halfway != null;
      acks.add(
          new Ack(
              kinds[k][0], answer.get().json().get(kinds[k][1]).asText(), latency, phase, steady));
      if (phase == Phase.LOAD) {
        int done = punchesDone.incrementAndGet();
        if (done == totalPunches / 2) {
          halfway =
              new Snapshot(
                  System.nanoTime(),
                  System.currentTimeMillis(),
                  cpuMillis(options.cpuPid()),
                  threadCpuMillis(options.cpuPid()),
                  ownCpuMillis(),
                  treeCpuMillis(options.postmasterPid()),
                  scrapeTimings());
        }
        maybeKill(done, totalPunches);
      }
    }
    return acks;
  }

  /**
   * One punch until it is answered: 200 (acknowledged) or a 4xx refusal (counted); a dead gateway,
   * a 5xx or {@code overloaded} sends it again, same Idempotency-Key, to the next gateway.
   */
  private Optional<Reply> punch(Employee e, String path, String token, String key, Multipart form) {
    long giveUp = System.nanoTime() + PUNCH_GIVE_UP.toNanos();
    int attempt = 0;
    while (System.nanoTime() < giveUp) {
      URI gateway = gateway(e.index() + attempt);
      attempt++;
      Reply reply;
      try {
        reply = multipart(gateway, path, token, key, form);
      } catch (IOException | UncheckedIOException ioe) {
        retried("connection");
        pause(Duration.ofMillis(100));
        continue;
      }
      if (reply.status() == 200) {
        return Optional.of(reply);
      }
      if (reply.status() >= 500) {
        retried(reply.status() + " " + reply.code());
        pause(reply.retryAfter().orElse(Duration.ofMillis(200)));
        continue;
      }
      refusals.computeIfAbsent(reply.status() + " " + reply.code(), c -> new AtomicInteger());
      refusals.get(reply.status() + " " + reply.code()).incrementAndGet();
      say("refused %s %s: %s", e.username(), path, reply.body());
      return Optional.empty();
    }
    refusals.computeIfAbsent("gave up", c -> new AtomicInteger()).incrementAndGet();
    return Optional.empty();
  }

  private void retried(String cause) {
    retries.incrementAndGet();
    retryCauses.computeIfAbsent(cause, c -> new AtomicInteger()).incrementAndGet();
  }

  /** SIGKILLs the given processes once the given share of the parallel punches is acknowledged. */
  private void maybeKill(int done, int total) {
    if (options.killPids().isEmpty() || done < options.killAt() * total) {
      return;
    }
    if (killed.compareAndSet(false, true)) {
      for (long pid : options.killPids()) {
        // destroyForcibly is SIGKILL on Linux: no shutdown hook, no graceful close
        boolean sent = ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
        say(
            "SIGKILL pid %d after %d/%d punches: %s",
            pid, done, total, sent ? "sent" : "not found");
      }
      killedAt.put("after_punches", done);
      killedAt.put("pids", options.killPids().toString());
    }
  }

  // ---------------------------------------------------------------- where the time goes

  private static final Pattern TIMING =
      Pattern.compile(
          "^(faceattend_[a-z_]*duration_seconds)_(sum|count)(?:\\{([^}]*)\\})? (\\S+)$");

  /**
   * The first gateway's duration series (sum and count) that say where a punch's time goes: the
   * HTTP route as Armeria measured it, the punch as the server's domain measured it, and each face
   * stage. Empty when /metrics is not on the public port (a management port is set).
   */
  private Map<String, double[]> scrapeTimings() {
    Map<String, double[]> series = new LinkedHashMap<>();
    try {
      Reply reply = send(HttpRequest.newBuilder(gateway(0).resolve("/metrics")).GET().build());
      if (reply.status() != 200) {
        return series;
      }
      for (String line : reply.body().split("\n")) {
        Matcher m = TIMING.matcher(line);
        if (!m.matches()) {
          continue;
        }
        String name = m.group(1);
        String labels = m.group(3) == null ? "" : m.group(3);
        boolean wanted =
            name.startsWith("faceattend_face_stage")
                || name.startsWith("faceattend_face_cpu")
                || name.startsWith("faceattend_punch")
                || (name.startsWith("faceattend_http")
                    && labels.contains("/api/attendance/check-"));
        if (!wanted) {
          continue;
        }
        double[] sumCount = series.computeIfAbsent(name + "{" + labels + "}", k -> new double[2]);
        sumCount[m.group(2).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(4));
      }
    } catch (IOException | RuntimeException e) {
      say("no timings from /metrics: %s", e);
    }
    return series;
  }

  /** Mean milliseconds per call of each series between two scrapes. */
  private static Map<String, Object> timingsBetween(
      Map<String, double[]> before, Map<String, double[]> after) {
    Map<String, Object> means = new LinkedHashMap<>();
    after.forEach(
        (key, sumCount) -> {
          double[] start = before.getOrDefault(key, new double[2]);
          double calls = sumCount[1] - start[1];
          if (calls > 0) {
            means.put(key, Math.round((sumCount[0] - start[0]) / calls * 1e4) / 10.0);
          }
        });
    return means;
  }

  // ---------------------------------------------------------------- verification

  /**
   * Every employee's day read back through the API: each acknowledged punch must be there with the
   * time it was acknowledged with (lost otherwise), and nothing must be there that was not
   * acknowledged (unexpected). The history shows one day per person; {@code duplicated} counts days
   * the history lists twice. (The acceptance script also counts the rows in PostgreSQL.)
   */
  private Map<String, Object> verify(
      List<Employee> employees, Map<Integer, String> tokens, Map<Integer, List<Ack>> acks)
      throws Exception {
    int lost = 0;
    int duplicated = 0;
    int unexpected = 0;
    int checked = 0;
    for (Employee e : employees) {
      String token = tokens.get(e.index());
      Reply status = sendWithRetry(() -> get(gateway(e.index()), "/api/attendance/status", token));
      expect(status, "status of " + e.username());
      Reply history =
          sendWithRetry(() -> get(gateway(e.index()), "/api/attendance/history", token));
      expect(history, "history of " + e.username());
      Map<String, String> acknowledged = new HashMap<>();
      for (Ack ack : acks.getOrDefault(e.index(), List.of())) {
        acknowledged.put(ack.kind(), ack.time());
      }
      String[][] fields = {{"check-in", "check_in_time"}, {"check-out", "check_out_time"}};
      for (String[] field : fields) {
        JsonNode shown = status.json().get(field[1]);
        String ackTime = acknowledged.get(field[0]);
        boolean there = shown != null && !shown.isNull();
        if (ackTime != null) {
          checked++;
          // the punch answer has the local date-time, the status its HH:mm
          if (!there || !ackTime.contains("T" + shown.asText())) {
            lost++;
            say(
                "LOST %s %s acknowledged at %s, status shows %s",
                e.username(), field[0], ackTime, shown);
          }
        } else if (there) {
          unexpected++;
          say("UNEXPECTED %s %s: %s", e.username(), field[0], shown);
        }
      }
      JsonNode records = history.json().path("records");
      if (!records.isArray()) {
        records = history.json().path("data");
      }
      Map<String, Integer> days = new HashMap<>();
      for (JsonNode day : records) {
        days.merge(day.path("date").asText(), 1, Integer::sum);
      }
      for (int count : days.values()) {
        if (count > 1) {
          duplicated++;
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("punches_checked", checked);
    result.put("lost", lost);
    result.put("duplicated", duplicated);
    result.put("unexpected", unexpected);
    result.put("killed", new HashMap<>(killedAt));
    return result;
  }

  // ---------------------------------------------------------------- HTTP

  /** An HTTP answer with its JSON. */
  record Reply(int status, String body, @Nullable JsonNode json, HttpResponse<String> raw) {
    String code() {
      return json == null ? "-" : json.path("error").path("code").asText("-");
    }

    Optional<Duration> retryAfter() {
      return raw.headers()
          .firstValue("retry-after")
          .filter(v -> v.chars().allMatch(Character::isDigit))
          .map(v -> Duration.ofSeconds(Long.parseLong(v)));
    }
  }

  /** Something that sends one request. */
  interface Call {
    Reply send() throws IOException;
  }

  /** For set-up and verification: a dead gateway or a 5xx is tried again on the next one. */
  private Reply sendWithRetry(Call call) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      try {
        Reply reply = call.send();
        if (reply.status() < 500) {
          return reply;
        }
        pause(reply.retryAfter().orElse(Duration.ofMillis(500)));
      } catch (IOException e) {
        last = e;
        pause(Duration.ofMillis(500));
      }
      gatewayTurn.incrementAndGet();
    }
    throw last != null ? last : new IOException("no gateway answered");
  }

  private URI gateway(int index) {
    List<URI> all = options.gateways();
    return all.get(Math.floorMod(index + gatewayTurn.get(), all.size()));
  }

  private String login(URI gateway, String username, String password) throws IOException {
    Reply reply =
        sendWithRetry(
            () ->
                json(
                    gateway,
                    "/api/auth/login",
                    null,
                    Map.of("username", username, "password", password)));
    expect(reply, "login " + username);
    return reply.json().get("access_token").asText();
  }

  private Reply json(URI gateway, String path, @Nullable String token, Map<String, ?> body)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private Reply multipart(
      URI gateway, String path, String token, @Nullable String key, Multipart form)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", form.contentType())
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return send(request.build());
  }

  private Reply get(URI gateway, String path, String token) throws IOException {
    return send(
        HttpRequest.newBuilder(gateway.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build());
  }

  private Reply send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException notJson) {
        // kept as text
      }
      return new Reply(response.statusCode(), response.body(), json, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void expect(Reply reply, String what) {
    if (reply.status() != 200) {
      throw new IllegalStateException(what + ": HTTP " + reply.status() + " " + reply.body());
    }
  }

  /** A multipart/form-data body, as the mobile app sends it. */
  static final class Multipart {
    private final String boundary = "load" + Long.toHexString(System.nanoTime());
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Multipart field(String name, String value) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
      write(value + "\r\n");
      return this;
    }

    Multipart file(String name, String filename, byte[] content) {
      write(
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + name
              + "\"; filename=\""
              + filename
              + "\"\r\nContent-Type: image/jpeg\r\n\r\n");
      body.writeBytes(content);
      write("\r\n");
      return this;
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
      ByteArrayOutputStream all = new ByteArrayOutputStream(body.size() + 64);
      all.writeBytes(body.toByteArray());
      all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      return all.toByteArray();
    }

    private void write(String text) {
      body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  // ---------------------------------------------------------------- small helpers

  private static Map<String, Object> percentiles(List<Long> nanos) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", nanos.size());
    if (nanos.isEmpty()) {
      return out;
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    for (double p : new double[] {0.5, 0.95, 0.99}) {
      int index = Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1);
      out.put("p" + (int) Math.round(p * 100), sorted[Math.max(0, index)] / 1e6);
    }
    out.put("max", sorted[sorted.length - 1] / 1e6);
    return out;
  }

  private static Map<String, Integer> toCounts(Map<String, AtomicInteger> counters) {
    Map<String, Integer> out = new HashMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** User + system CPU time of a process, from /proc/PID/stat (Linux); 0 when unknown. */
  private static long cpuMillis(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second)
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * CPU time of a process's live threads, summed per thread name without its trailing number ("GC
   * Thread#3" and "GC Thread#0" are "GC Thread"), from /proc/PID/task (Linux); empty when unknown.
   */
  static Map<String, Long> threadCpuMillis(long pid) {
    Map<String, Long> byName = new HashMap<>();
    if (pid <= 0) {
      return byName;
    }
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
          byName.merge(name.replaceAll("[-_#]?\\d+$", ""), ms, Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return byName;
    }
    return byName;
  }

  /** CPU time of a process and its children now alive (PostgreSQL's postmaster and backends). */
  private static long treeCpuMillis(long parent) {
    if (parent <= 0) {
      return 0;
    }
    long total = cpuMillis(parent);
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(proc.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(fields[1]) == parent) { // field 4 of stat(5): the parent
            total += cpuMillis(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      return total;
    }
    return total;
  }

  private static long ownCpuMillis() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime() / 1_000_000
        : 0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String names(List<Identity> identities) {
    return String.join(", ", identities.stream().map(Identity::name).toList());
  }

  private static void say(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[load] " + format + "%n", args);
  }

  static Options parse(String[] args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(usage());
      }
      given.put(args[i].substring(2), args[++i]);
    }
    String gateways = given.getOrDefault("gateways", "http://127.0.0.1:8080");
    return new Options(
        Arrays.stream(gateways.split(",")).map(String::trim).map(URI::create).toList(),
        given.getOrDefault("admin-user", "admin"),
        given.getOrDefault("admin-password", "change-me-now"),
        Integer.parseInt(given.getOrDefault("users", "100")),
        Integer.parseInt(given.getOrDefault("clients", "4")),
        Integer.parseInt(given.getOrDefault("single", "0")),
        Integer.parseInt(given.getOrDefault("warmup", "0")),
        Path.of(given.getOrDefault("photos", "../shared/faces")),
        given.getOrDefault("prefix", "load" + Long.toString(System.currentTimeMillis(), 36)),
        given.containsKey("kill-pids")
            ? Arrays.stream(given.get("kill-pids").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .toList()
            : List.of(),
        Double.parseDouble(given.getOrDefault("kill-at", "0.4")),
        Integer.parseInt(given.getOrDefault("pipeline-runs", "0")),
        Long.parseLong(given.getOrDefault("cpu-pid", "0")),
        Long.parseLong(given.getOrDefault("cpu-postmaster", "0")),
        given.containsKey("report") ? Path.of(given.get("report")) : null);
  }

  static String usage() {
    return "LoadGenerator --gateways URL[,URL...] --admin-user U --admin-password P [--users 100]"
        + " [--clients 4] [--single 0] [--warmup 0] [--photos ../shared/faces] [--prefix name]"
        + " [--kill-pids PID,PID --kill-at 0.4] [--pipeline-runs 0] [--cpu-pid GATEWAY_PID] [--cpu-postmaster PID] [--report file.json]";
  }
}
