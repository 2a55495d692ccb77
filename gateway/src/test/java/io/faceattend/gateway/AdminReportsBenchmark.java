package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Timing and peak heap of a 10,000-row CSV import and of a month's CSV, XLSX and PDF export for
 * 1,000 people ({@code -Dfaceattend.bench.people=N}, up to 10,000), through the REST routes of a
 * running gateway. Skipped unless {@code -Dfaceattend.bench=true}: {@code ./mvnw -B -q -pl gateway
 * -am test -Dtest=AdminReportsBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfaceattend.bench=true}; add {@code -Dfaceattend.test.heap=-Xmx256m} to run the whole gateway
 * (face engine included) in a capped heap: bounded memory means the same cap carries 1,000 and
 * 10,000 people. Results go to stdout and gateway/target/admin-benchmark.txt.
 */
class AdminReportsBenchmark {

  /**
   * Samples the used heap every 5 ms while an operation runs; answers the peak above the starting
   * point.
   */
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

  @Test
  void importAndExports() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("faceattend.bench"), "benchmark: run with -Dfaceattend.bench=true");
    List<String> results = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2026-04-02T12:00:00Z"), ZoneOffset.UTC);
    try (RunningGateway app = new RunningGateway(clock)) {
      app.createUser("chief", "chief-password", "admin");
      String admin = app.login("chief", "chief-password");
      app.postJson("/api/admin/departments", "{\"name\":\"Bench\"}", admin);

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
      byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      RunningGateway.Reply imported;
      long importPeak;
      try (HeapPeak heap = new HeapPeak()) {
        imported =
            app.postMultipart(
                "/api/admin/users/import",
                new Multipart().file("file", "people.csv", file),
                admin,
                null);
        importPeak = heap.peakAboveBaseMiB();
      }
      long importMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(imported.status())
          .as(imported.body().substring(0, Math.min(300, imported.body().length())))
          .isEqualTo(200);
      assertThat(imported.json().get("imported").asInt()).isEqualTo(10_000);
      results.add(
          String.format(
              "CSV import, 10,000 rows (%d KiB): %d ms, peak heap +%d MiB",
              file.length / 1024, importMs, importPeak));

      // N people (the first N imported) with a month of punches: Mon-Fri 08:xx-17:00, one day in
      // ten absent
      int people = Integer.getInteger("faceattend.bench.people", 1000);
      var db = app.platform.database().dsl();
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
      HttpClient http = HttpClient.newHttpClient();
      for (String format : List.of("csv", "xlsx", "pdf")) {
        Path out = Files.createTempFile("bench-export", "." + format);
        long t0 = System.nanoTime();
        HttpResponse<Path> reply;
        long peak;
        try (HeapPeak heap = new HeapPeak()) {
          reply =
              http.send(
                  HttpRequest.newBuilder(
                          app.uri(
                              "/api/reports/attendance?from=2026-03-01&to=2026-03-31"
                                  + "&department_id=1&format="
                                  + format))
                      .header("Authorization", "Bearer " + admin)
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofFile(out));
          peak = heap.peakAboveBaseMiB();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(reply.statusCode()).isEqualTo(200);
        results.add(
            String.format(
                "%s export, %,d people x March 2026 (%,d person-days, %d KiB): %d ms, "
                    + "peak heap +%d MiB",
                format.toUpperCase(), people, people * 22, Files.size(out) / 1024, ms, peak));
        Files.delete(out);
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
    Files.write(Path.of("target/admin-benchmark.txt"), results);
  }
}
