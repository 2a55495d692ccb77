package io.faceattend.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a gateway's CPU goes per punch, from a JFR recording with CPU-time sampling ({@code
 * jdk.CPUTimeSample}, JDK 25: each sample stands for a slice of one thread's CPU time, native code
 * included, so a busy shared box does not distort the shares the way wall-clock sampling does).
 * Each sample is put in the first bucket whose frame appears on its stack, innermost concern first
 * (the face engine inside a punch counts as the face engine). Prints CPU ms per punch per bucket
 * and the top frames of what remains outside the face engine.
 *
 * <pre>
 * CpuProfile recording.jfr PUNCHES [FROM_EPOCH_MS TO_EPOCH_MS]
 * </pre>
 *
 * scripts/rest-throughput.sh runs it with PROFILE=1 over the steady half of the parallel punches.
 */
public final class CpuProfile {

  /** Bucket name and the frame prefixes (class name, optionally ".method") that put a sample in. */
  private static final List<Map.Entry<String, List<String>>> BUCKETS =
      List.of(
          Map.entry(
              "face engine (models, decode, gates)",
              List.of(
                  "ai.onnxruntime.", "io.faceattend.face.", "javax.imageio.", "com.sun.imageio.")),
          Map.entry("template decryption", List.of("io.faceattend.server.security.")),
          Map.entry(
              "event dispatch (outbox, webhooks)",
              List.of(
                  "io.faceattend.server.events.EventDispatcher",
                  "io.faceattend.server.webhooks.",
                  "io.faceattend.server.notifications.")),
          Map.entry(
              "other background jobs",
              List.of(
                  "io.faceattend.server.jobs.",
                  "io.faceattend.server.identification.GallerySync",
                  "io.faceattend.server.cameras.CameraSupervisor",
                  "com.zaxxer.hikari.pool.HikariPool$HouseKeeper")),
          Map.entry(
              "punch: JDBC + jOOQ (the punch's queries)",
              List.of("io.faceattend.server.attendance.Punches")),
          Map.entry("auth: JWT + session check", List.of("io.faceattend.server.auth.")),
          Map.entry("rate-limit counter", List.of("io.faceattend.server.ratelimit.")),
          Map.entry(
              "REST: multipart + JSON + in-process hop",
              List.of(
                  "io.faceattend.gateway.rest.",
                  "com.linecorp.armeria.common.multipart.",
                  "io.grpc.inprocess.")),
          Map.entry(
              "metrics + access log",
              List.of(
                  "io.micrometer.",
                  "io.prometheus.",
                  "io.faceattend.gateway.observability.",
                  "ch.qos.logback.")),
          Map.entry("HTTP server (Armeria, Netty)", List.of("com.linecorp.armeria.", "io.netty.")),
          Map.entry("gRPC server", List.of("io.grpc.")),
          Map.entry(
              "JDBC + jOOQ (elsewhere)", List.of("org.postgresql.", "org.jooq.", "com.zaxxer.")));

  private CpuProfile() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 && args.length != 4) {
      System.err.println("usage: CpuProfile recording.jfr PUNCHES [FROM_EPOCH_MS TO_EPOCH_MS]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    long punches = Long.parseLong(args[1]);
    Instant from = args.length == 4 ? Instant.ofEpochMilli(Long.parseLong(args[2])) : Instant.MIN;
    Instant to = args.length == 4 ? Instant.ofEpochMilli(Long.parseLong(args[3])) : Instant.MAX;
    Map<String, Long> byBucket = new LinkedHashMap<>();
    BUCKETS.forEach(b -> byBucket.put(b.getKey(), 0L));
    byBucket.put("other", 0L);
    Map<String, Long> otherTop = new TreeMap<>();
    Map<String, Long> outsideFaceTop = new TreeMap<>();
    long totalNanos = 0;
    long samples = 0;
    long lost = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        Instant at = event.getStartTime();
        if (at.isBefore(from) || at.isAfter(to)) {
          continue;
        }
        String type = event.getEventType().getName();
        if (type.equals("jdk.CPUTimeSamplesLost")) {
          lost += event.getInt("lostSamples");
          continue;
        }
        if (!type.equals("jdk.CPUTimeSample")) {
          continue;
        }
        long period = event.getLong("samplingPeriod");
        RecordedStackTrace stack = event.getStackTrace();
        List<String> frames = new ArrayList<>();
        if (stack != null) {
          for (RecordedFrame f : stack.getFrames()) {
            frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
          }
        }
        String bucket = bucketOf(frames);
        byBucket.merge(bucket, period, Long::sum);
        totalNanos += period;
        samples++;
        if (!bucket.startsWith("face engine") && !frames.isEmpty()) {
          outsideFaceTop.merge(frames.get(0), period, Long::sum);
        }
        if (bucket.equals("other")) {
          otherTop.merge(frames.isEmpty() ? "(no stack)" : frames.get(0), period, Long::sum);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "JFR CPU-time samples: %d (%d lost), %.1f ms of Java-thread CPU per punch over %d"
            + " punches%n",
        samples,
        lost,
        totalNanos / 1e6 / punches,
        punches);
    long face = byBucket.get(BUCKETS.get(0).getKey());
    byBucket.forEach(
        (bucket, nanos) ->
            System.out.printf(
                Locale.ROOT, "  %-45s %7.2f ms/punch%n", bucket, nanos / 1e6 / punches));
    System.out.printf(
        Locale.ROOT,
        "  %-45s %7.2f ms/punch%n",
        "= outside the face engine",
        (totalNanos - face) / 1e6 / punches);
    System.out.println("top frames outside the face engine (ms/punch):");
    top(outsideFaceTop, punches, 15);
    System.out.println("top frames of 'other' (ms/punch):");
    top(otherTop, punches, 8);
  }

  private static String bucketOf(List<String> frames) {
    // innermost concern first: walk the buckets in order, each over the whole stack
    for (Map.Entry<String, List<String>> bucket : BUCKETS) {
      for (String frame : frames) {
        for (String prefix : bucket.getValue()) {
          if (frame.startsWith(prefix)) {
            return bucket.getKey();
          }
        }
      }
    }
    return "other";
  }

  private static void top(Map<String, Long> counts, long punches, int n) {
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(n)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT, "  %7.3f  %s%n", e.getValue() / 1e6 / punches, e.getKey()));
  }
}
