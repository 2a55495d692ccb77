package io.faceattend.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.gateway.Gateway;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.identification.IdentificationSettings;
import io.faceattend.server.users.UserAccounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timing and peak heap of a 10,000-row CSV import and of a month's CSV, XLSX and PDF export for N
 * people (first argument, default 1,000, up to 10,000), through the REST routes of a gateway on an
 * embedded PostgreSQL. Run: {@code ./mvnw -B -pl bench -am package -Padmin-bench -DskipTests
 * [-Dadmin.people=10000] [-Dadmin.heap=-Xmx128m]}; a small heap shows the export's memory is
 * bounded (the whole platform, face engine included, runs in it). Results on stdout and in
 * bench/target/admin-benchmark.txt; docs/benchmarks.md has the figures.
 */
public final class AdminReportsBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminReportsBenchmark() {}

  /** What a timed call returned, its wall time and the heap it took above the start. */
  private record Measured<T>(T value, long millis, long peakMiB) {}

  private interface Call<T> {
    T call() throws IOException, InterruptedException;
  }

  private static <T> Measured<T> measured(Call<T> call) throws IOException, InterruptedException {
    long start = System.nanoTime();
    try (HeapPeak heap = new HeapPeak()) {
      T value = call.call();
      return new Measured<>(
          value, (System.nanoTime() - start) / 1_000_000, heap.peakAboveBaseMiB());
    }
  }

  /** Samples the used heap every 5 ms while an operation runs; the peak above the start. */
  private static final class HeapPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final long base;
    private volatile boolean running = true;
    private final Thread sampler;

    HeapPeak() {
      System.gc();
      var memory = ManagementFactory.getMemoryMXBean();
      base = memory.getHeapMemoryUsage().getUsed();
      sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (running) {
                      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    long peakAboveBaseMiB() {
      return Math.max(0, peak.get() - base) / (1024 * 1024);
    }

    @Override
    public void close() {
      running = false;
      try {
        sampler.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int people = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    if (people < 1 || people > 10_000) {
      throw new IllegalArgumentException("people must be 1 to 10,000 (the imported rows)");
    }
    List<String> results = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2026-04-02T12:00:00Z"), ZoneOffset.UTC);
    Path dataDir = Files.createTempDirectory("faceattend-admin-bench");
    ServerConfig config = ServerConfig.from(Map.of("FACEATTEND_DATA_DIR", dataDir.toString()));
    try (FaceAttendPlatform platform =
        FaceAttendPlatform.start(config, clock, IdentificationSettings.fromEnvironment())) {
      Gateway gateway = Gateway.start(platform, 0);
      try {
        URI base = URI.create("http://127.0.0.1:" + gateway.port());
        HttpClient http = HttpClient.newHttpClient();
        platform
            .users()
            .create(
                new UserAccounts.NewUser(
                    "chief", "chief-password", "Chief", "chief@bench.example", Role.ROLE_ADMIN),
                AuditLog.Actor.cli());
        String admin =
            json(http.send(
                    post(base, "/api/auth/login", null)
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"chief\",\"password\":\"chief-password\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
                .get("access_token")
                .asText();
        http.send(
            post(base, "/api/admin/departments", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

        byte[] file = importFile();
        String boundary = "bench-" + UUID.randomUUID();
        Measured<HttpResponse<String>> importing =
            measured(
                () ->
                    http.send(
                        post(base, "/api/admin/users/import", admin)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file)))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()));
        HttpResponse<String> imported = importing.value();
        if (imported.statusCode() != 200 || json(imported).get("imported").asInt() != 10_000) {
          throw new IllegalStateException(
              "import failed: "
                  + imported.body().substring(0, Math.min(300, imported.body().length())));
        }
        results.add(
            String.format(
                "CSV import, 10,000 rows (%d KiB): %d ms, peak heap +%d MiB",
                file.length / 1024, importing.millis(), importing.peakMiB()));

        punchAMonth(platform, people);
        for (String format : List.of("csv", "xlsx", "pdf")) {
          Path out = Files.createTempFile("bench-export", "." + format);
          Measured<HttpResponse<Path>> exporting =
              measured(
                  () ->
                      http.send(
                          HttpRequest.newBuilder(
                                  base.resolve(
                                      "/api/reports/attendance?from=2026-03-01&to=2026-03-31"
                                          + "&department_id=1&format="
                                          + format))
                              .header("Authorization", "Bearer " + admin)
                              .GET()
                              .build(),
                          HttpResponse.BodyHandlers.ofFile(out)));
          HttpResponse<Path> reply = exporting.value();
          if (reply.statusCode() != 200) {
            throw new IllegalStateException(format + " export answered " + reply.statusCode());
          }
          results.add(
              String.format(
                  "%s export, %,d people x March 2026 (%,d person-days, %d KiB): %d ms, "
                      + "peak heap +%d MiB",
                  format.toUpperCase(),
                  people,
                  people * 22,
                  Files.size(out) / 1024,
                  exporting.millis(),
                  exporting.peakMiB()));
          Files.delete(out);
        }
      } finally {
        gateway.close();
      }
    }
    results.add(
        "JVM: "
            + Runtime.version()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MiB");
    results.forEach(System.out::println);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/admin-benchmark.txt"), results);
  }

  private static HttpRequest.Builder post(URI base, String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  /** 10,000 people in the import's CSV format, all in department Bench. */
  private static byte[] importFile() {
    StringBuilder csv =
        new StringBuilder("username,email,name,role,employee_id,department,hourly_rate\n");
    for (int i = 1; i <= 10_000; i++) {
      csv.append("imp")
          .append(i)
          .append(",imp")
          .append(i)
          .append("@bench.example,\"Imported, Person ")
          .append(i)
          .append("\",employee,IMP-")
          .append(i)
          .append(",Bench,")
          .append(10 + i % 20)
          .append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] multipart(String boundary, byte[] file) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  /**
   * The first N imported people with a month of punches: Mon-Fri 08:xx-17:00, one day in ten
   * absent; the others deleted.
   */
  private static void punchAMonth(FaceAttendPlatform platform, int people) {
    var db = platform.database().dsl();
    db.execute(
        "delete from users where username like 'imp%' and substring(username from 4)::int > "
            + people);
    // they were with the company before March (nobody counts absent before joining)
    db.execute("update users set created_at = timestamptz '2026-01-05 08:00Z'");
    db.execute(
        """
        insert into attendance_punches (user_id, kind, work_date, punched_at, time_zone, latitude, longitude,
                                        within_allowed_time)
        select u.id, k.kind, d::date,
               d + case when k.kind = 'check_in' then interval '8 hours' + (u.id % 30) * interval '1 minute'
                        else interval '17 hours' end,
               'UTC', 0, 0, true
        from users u
        cross join generate_series(timestamptz '2026-03-01 00:00Z', timestamptz '2026-03-31 00:00Z',
                                   interval '1 day') d
        cross join (values ('check_in'), ('check_out')) k(kind)
        where u.username like 'imp%' and extract(isodow from d) < 6
          and (u.id + extract(day from d)::int) % 10 <> 0""");
  }
}
