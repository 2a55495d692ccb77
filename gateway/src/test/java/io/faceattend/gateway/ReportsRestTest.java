package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.jooq.Tables;
import io.faceattend.gateway.rest.InProcessChannel;
import io.faceattend.gateway.rest.RestAdapter;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Report routes over REST: JSON report and summary, the streamed CSV export, and who may call them.
 */
class ReportsRestTest {

  private static RunningGateway app;
  private static String admin;
  private static long sales;
  private static long dina;
  private static long eli;

  @BeforeAll
  static void start() {
    // Saturday 7 March 2026: the week up to Friday 6th is over
    app = new RunningGateway(Clock.fixed(Instant.parse("2026-03-07T10:00:00Z"), ZoneOffset.UTC));
    app.createUser("chief", "chief-password", "admin");
    admin = app.login("chief", "chief-password");
    sales =
        app.postJson("/api/admin/departments", "{\"name\":\"Sales\"}", admin)
            .json()
            .get("department")
            .get("id")
            .asLong();
    DSLContext db = app.platform.database().dsl();
    dina = app.createUser("dina", "dina-password", "employee");
    eli = app.createUser("eli", "eli-password", "employee");
    db.update(USERS)
        .set(USERS.DEPARTMENT_ID, sales)
        .set(USERS.NAME, "Dina, \"the seller\"")
        .where(USERS.ID.eq(dina))
        .execute();
    // Dina: Mon 2 - Thu 5, 08:00-17:00 UTC (9 h, 1 h overtime without a schedule), absent Friday 6
    for (int d = 2; d <= 5; d++) {
      punch(db, dina, d, "check_in", 8);
      punch(db, dina, d, "check_out", 17);
    }
    punch(db, eli, 2, "check_in", 8);
    // everybody joined before March (reports count nobody absent before they joined)
    db.update(USERS).set(USERS.CREATED_AT, OffsetDateTime.parse("2026-01-05T08:00:00Z")).execute();
  }

  private static void punch(DSLContext db, long userId, int day, String kind, int hour) {
    db.insertInto(ATTENDANCE_PUNCHES)
        .set(ATTENDANCE_PUNCHES.USER_ID, userId)
        .set(ATTENDANCE_PUNCHES.KIND, kind)
        .set(ATTENDANCE_PUNCHES.WORK_DATE, LocalDate.of(2026, 3, day))
        .set(
            ATTENDANCE_PUNCHES.PUNCHED_AT,
            OffsetDateTime.of(2026, 3, day, hour, 0, 0, 0, ZoneOffset.UTC))
        .set(ATTENDANCE_PUNCHES.TIME_ZONE, "UTC")
        .set(ATTENDANCE_PUNCHES.LATITUDE, 0.0)
        .set(ATTENDANCE_PUNCHES.LONGITUDE, 0.0)
        .set(ATTENDANCE_PUNCHES.WITHIN_ALLOWED_TIME, true)
        .execute();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void jsonReportAndSummary() {
    RunningGateway.Reply report =
        app.get(
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&department_id=" + sales, admin);
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.json().get("count").asInt()).isEqualTo(1);
    var totals = report.json().get("results").get(0).get("totals");
    // 5 working days up to Friday 6th; 4 present (36 h, 4 h overtime), Friday absent: rate 4/5
    assertThat(totals.get("working_days").asInt()).isEqualTo(5);
    assertThat(totals.get("present").asInt()).isEqualTo(4);
    assertThat(totals.get("absent").asInt()).isEqualTo(1);
    assertThat(totals.get("hours_worked").asDouble()).isEqualTo(36.0);
    assertThat(totals.get("overtime_hours").asDouble()).isEqualTo(4.0);
    assertThat(totals.get("attendance_rate").asDouble()).isEqualTo(0.8);

    RunningGateway.Reply summary =
        app.get("/api/reports/summary?period=daily&from=2026-03-05&to=2026-03-06", admin);
    assertThat(summary.status()).as(summary.body()).isEqualTo(200);
    // everybody counts, the admin too: Thursday Dina present, Eli and chief absent; Friday all
    // three absent
    assertThat(summary.json().get("results").findValuesAsText("period_start"))
        .containsExactly("2026-03-05", "2026-03-06");
    assertThat(summary.json().get("results").get(0).get("totals").get("present").asInt())
        .isEqualTo(1);
    assertThat(summary.json().get("results").get(1).get("totals").get("absent").asInt())
        .isEqualTo(3);
    assertThat(
            app.get("/api/reports/summary?period=hourly&from=2026-03-05&to=2026-03-06", admin)
                .status())
        .isEqualTo(400);
  }

  @Test
  void csvExportStreamsDaysWithAFileName() {
    RunningGateway.Reply csv =
        app.get(
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=csv&user_id=" + dina,
            admin);
    assertThat(csv.status()).as(csv.body()).isEqualTo(200);
    assertThat(csv.raw().headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.raw().headers().firstValue("content-disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"attendance_2026-03-01_2026-03-31.csv\"");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).startsWith("date,user_id,employee_id,name,department,status");
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1))
        .isEqualTo(
            "2026-03-02,"
                + dina
                + ",,\"Dina, \"\"the seller\"\"\",Sales,present,08:00,17:00,9.00,1.00,0,0,false");
    assertThat(lines.get(5))
        .isEqualTo(
            "2026-03-06,"
                + dina
                + ",,\"Dina, \"\"the seller\"\"\",Sales,absent,,,0.00,0.00,0,0,false");
  }

  @Test
  void employeesReadTheirOwnReportsOnlyAndStrangersAreRefused() {
    String employee = app.login("dina", "dina-password");
    RunningGateway.Reply own =
        app.get("/api/reports/attendance?from=2026-03-01&to=2026-03-31", employee);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.json().get("count").asInt()).isEqualTo(1);
    assertThat(own.json().get("results").get(0).get("user_id").asLong()).isEqualTo(dina);
    assertThat(own.json().get("totals").get("present").asInt()).isEqualTo(4);
    RunningGateway.Reply ownCsv =
        app.get("/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=csv", employee);
    assertThat(ownCsv.status()).isEqualTo(200);
    assertThat(ownCsv.body().lines().skip(1))
        .hasSize(5)
        .allMatch(line -> line.contains("," + dina + ","));
    RunningGateway.Reply ownSummary =
        app.get("/api/reports/summary?period=weekly&from=2026-03-01&to=2026-03-31", employee);
    assertThat(ownSummary.json().get("people").asInt()).isEqualTo(1);

    // somebody else's days are not found; the list of absentees and the admin routes are not theirs
    for (String path :
        List.of(
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&user_id=" + eli,
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=csv&user_id=" + eli,
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=xlsx&user_id=" + eli,
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=pdf&user_id=" + eli)) {
      RunningGateway.Reply hidden = app.get(path, employee);
      assertThat(hidden.status()).as(path).isEqualTo(404);
      assertThat(hidden.json().get("error").get("code").asText()).isEqualTo("not_found");
    }
    for (String path :
        List.of(
            "/api/reports/absentees",
            "/api/admin/payroll?from=2026-03-01&to=2026-03-31",
            "/api/admin/users/" + dina + "/schedule")) {
      RunningGateway.Reply denied = app.get(path, employee);
      assertThat(denied.status()).as(path).isEqualTo(403);
      assertThat(denied.json().get("error").get("code").asText()).isEqualTo("forbidden");
    }
    for (String path :
        List.of(
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31",
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=csv",
            "/api/reports/summary?period=weekly&from=2026-03-01&to=2026-03-31")) {
      assertThat(app.get(path, null).status()).as(path).isEqualTo(401);
    }
    RunningGateway.Reply bad =
        app.get("/api/reports/attendance?from=2026-03-31&to=2026-03-01&format=csv", admin);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_argument");
  }

  /**
   * A schedule with a Friday shift and an overtime threshold, over REST, and what it does to Dina's
   * week: Monday to Thursday 08:00-17:00 against 08:00-16:00 (9 h, overtime after 8.5 h: 30 min
   * each), Friday 08:00-12:00 absent. Then her department's schedule, which applies once her own is
   * removed.
   */
  @Test
  void schedulesWithShiftsRoundTripAndShapeTheReport() {
    String path = "/api/admin/users/" + dina + "/schedule";
    RunningGateway.Reply saved =
        app.put(
            path,
            "{\"working_days\":[1,2,3,4,5],\"start_time\":\"08:00\","
                + "\"end_time\":\"16:00\",\"grace_minutes\":5,\"overtime_after_minutes\":510,"
                + "\"shifts\":[{\"days\":[5],\"start_time\":\"08:00\",\"end_time\":\"12:00\"}]}",
            admin);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    String expected =
        "{\"user_id\":"
            + dina
            + ",\"working_days\":[1,2,3,4,5],\"start_time\":\"08:00\","
            + "\"end_time\":\"16:00\",\"grace_minutes\":5,\"overtime_after_minutes\":510,"
            + "\"shifts\":[{\"days\":[5],\"start_time\":\"08:00\",\"end_time\":\"12:00\"}],"
            + "\"department_id\":null,\"source\":\"user\"}";
    assertThat(saved.json().get("schedule").toString()).isEqualTo(expected);
    RunningGateway.Reply read = app.get(path, admin);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("schedule").toString()).isEqualTo(expected);
    try {
      var totals =
          app.get("/api/reports/attendance?from=2026-03-02&to=2026-03-06&user_id=" + dina, admin)
              .json()
              .get("results")
              .get(0)
              .get("totals");
      assertThat(totals.get("overtime_hours").asDouble()).isEqualTo(2.0);
      assertThat(totals.get("hours_worked").asDouble()).isEqualTo(36.0);
      assertThat(totals.get("absent").asInt()).isEqualTo(1);
      assertThat(totals.get("early_leave").asInt()).isZero();

      // a shift on a day off, and an unknown user: refused, and the saved schedule is unchanged
      RunningGateway.Reply refused =
          app.put(
              path,
              "{\"working_days\":[1],\"start_time\":\"08:00\","
                  + "\"end_time\":\"16:00\",\"shifts\":[{\"days\":[6],\"start_time\":\"08:00\","
                  + "\"end_time\":\"12:00\"}]}",
              admin);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().get("error").get("code").asText()).isEqualTo("invalid_argument");
      assertThat(app.get(path, admin).json().get("schedule").toString()).isEqualTo(expected);
      assertThat(app.get("/api/admin/users/999999/schedule", admin).status()).isEqualTo(404);

      // Sales gets a schedule of its own; Dina keeps hers until it is removed, then Sales' applies
      String salesPath = "/api/admin/departments/" + sales + "/schedule";
      RunningGateway.Reply department =
          app.put(
              salesPath,
              "{\"working_days\":[1,2,3,4],\"start_time\":" + "\"07:00\",\"end_time\":\"15:00\"}",
              admin);
      assertThat(department.status()).as(department.body()).isEqualTo(200);
      assertThat(department.json().get("schedule").get("department_id").asLong()).isEqualTo(sales);
      assertThat(department.json().get("schedule").get("user_id").isNull()).isTrue();
      assertThat(app.get(path, admin).json().get("schedule").get("source").asText())
          .isEqualTo("user");
      assertThat(app.delete(path, admin).status()).isEqualTo(200);
      assertThat(app.delete(path, admin).status()).isEqualTo(404);
      var inherited = app.get(path, admin).json().get("schedule");
      assertThat(inherited.get("source").asText()).isEqualTo("department");
      assertThat(inherited.get("department_id").asLong()).isEqualTo(sales);
      assertThat(inherited.get("user_id").asLong()).isEqualTo(dina);
      assertThat(inherited.get("start_time").asText()).isEqualTo("07:00");
      // Monday to Thursday 08:00 against 07:00: late every day; Friday is not a working day of
      // Sales
      var week =
          app.get("/api/reports/attendance?from=2026-03-02&to=2026-03-06&user_id=" + dina, admin)
              .json()
              .get("results")
              .get(0)
              .get("totals");
      assertThat(week.get("late").asInt()).isEqualTo(4);
      assertThat(week.get("working_days").asInt()).isEqualTo(4);
      assertThat(week.get("absent").asInt()).isZero();
      assertThat(app.get(salesPath, app.login("dina", "dina-password")).status()).isEqualTo(403);
      assertThat(app.delete(salesPath, admin).status()).isEqualTo(200);
      assertThat(app.get(salesPath, admin).status()).isEqualTo(404);
      assertThat(app.get(path, admin).status()).isEqualTo(404);
      var audit =
          app.platform
              .database()
              .dsl()
              .select(Tables.AUDIT_LOG.ACTION, Tables.AUDIT_LOG.TARGET_TYPE)
              .from(Tables.AUDIT_LOG)
              .where(Tables.AUDIT_LOG.ACTION.like("schedule.%"))
              .orderBy(Tables.AUDIT_LOG.ID)
              .fetch()
              .map(r -> r.value1() + " " + r.value2());
      assertThat(audit)
          .containsExactly(
              "schedule.set user",
              "schedule.set department",
              "schedule.clear user",
              "schedule.clear department");
    } finally {
      var db = app.platform.database().dsl();
      db.deleteFrom(Tables.SCHEDULES).where(Tables.SCHEDULES.USER_ID.eq(dina)).execute();
      db.deleteFrom(Tables.DEPARTMENT_SCHEDULES).execute();
    }
  }

  /**
   * 60 people x 5 counted days = 300 rows: a full window of the export stream (256) and a partial
   * one.
   */
  @Test
  void exportsLongerThanAWindowArriveWhole() throws Exception {
    long crowd =
        app.postJson("/api/admin/departments", "{\"name\":\"Crowd\"}", admin)
            .json()
            .get("department")
            .get("id")
            .asLong();
    DSLContext db = app.platform.database().dsl();
    db.execute(
        "insert into users (username, email, name, role, password_hash, status, department_id, created_at) "
            + "select 'crowd' || i, 'crowd' || i || '@co.com', 'Crowd ' || i, 'employee', 'x', 'active', ?, "
            + "timestamptz '2026-01-05 08:00Z' from generate_series(1, 60) i",
        crowd);
    try {
      String query = "/api/reports/attendance?from=2026-03-01&to=2026-03-31&department_id=" + crowd;
      // the clock says Saturday 7 March: Monday 2 to Friday 6 count, 5 absent days each
      List<String> lines = app.get(query + "&format=csv", admin).body().lines().toList();
      assertThat(lines).hasSize(1 + 60 * 5);
      assertThat(lines.stream().skip(1).map(l -> l.split(",")[1]).distinct()).hasSize(60);
      assertThat(lines.stream().skip(1)).allMatch(l -> l.contains(",absent,"));
      try (var workbook =
          new org.apache.poi.xssf.usermodel.XSSFWorkbook(
              new ByteArrayInputStream(download(query + "&format=xlsx", admin).body()))) {
        assertThat(workbook.getSheet("Days").getLastRowNum()).isEqualTo(60 * 5);
        assertThat(workbook.getSheet("People").getLastRowNum()).isEqualTo(60);
      }
    } finally {
      // the other tests count everybody
      db.deleteFrom(USERS).where(USERS.DEPARTMENT_ID.eq(crowd)).execute();
    }
  }

  /**
   * Reports and payroll add up a year of a large organisation: they get minutes, plain calls
   * Armeria's 10 s.
   */
  @Test
  void reportRoutesMayTakeMinutes() {
    try (var channel = InProcessChannel.start(app.platform.services(), Runnable::run)) {
      var rest = RestAdapter.start(app.platform.services(), channel);
      Map<String, Duration> timeouts = new HashMap<>();
      rest.routes()
          .forEach(
              route -> timeouts.put(route.method() + " " + route.path(), rest.timeoutFor(route)));
      assertThat(timeouts.get("GET /api/reports/attendance")).isEqualTo(Duration.ofMinutes(5));
      assertThat(timeouts.get("GET /api/reports/summary")).isEqualTo(Duration.ofMinutes(5));
      assertThat(timeouts.get("GET /api/admin/payroll")).isEqualTo(Duration.ofMinutes(5));
      assertThat(timeouts.get("POST /api/attendance/check-in")).isEqualTo(Duration.ofSeconds(60));
      assertThat(timeouts.get("GET /api/attendance/status")).isEqualTo(Duration.ofSeconds(10));
    }
  }

  private static HttpResponse<byte[]> download(String path, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(app.uri(path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void xlsxExportOpensWithPoi() throws Exception {
    var reply =
        download("/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=xlsx", admin);
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assertThat(reply.headers().firstValue("content-disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"attendance_2026-03-01_2026-03-31.xlsx\"");
    try (var workbook =
        new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(reply.body()))) {
      var days = workbook.getSheet("Days");
      // chief 5 absent days, Dina 4 present + 1 absent, Eli 1 present + 4 absent: 15 rows after the
      // header
      assertThat(days.getLastRowNum()).isEqualTo(15);
      assertThat(days.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Date");
      var people = workbook.getSheet("People");
      assertThat(people.getLastRowNum()).isEqualTo(3);
      var dinaRow =
          IntStream.rangeClosed(1, 3)
              .mapToObj(people::getRow)
              .filter(row -> (long) row.getCell(0).getNumericCellValue() == dina)
              .findFirst()
              .orElseThrow();
      assertThat(dinaRow.getCell(4).getNumericCellValue()).isEqualTo(4.0); // present
      assertThat(dinaRow.getCell(9).getNumericCellValue()).isEqualTo(36.0); // hours
      assertThat(dinaRow.getCell(11).getNumericCellValue()).isEqualTo(0.8); // rate
    }
  }

  @Test
  void pdfExportHasATableAndAChart() throws Exception {
    var reply = download("/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=pdf", admin);
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/pdf");
    try (var pdf = org.apache.pdfbox.Loader.loadPDF(reply.body())) {
      assertThat(pdf.getNumberOfPages()).isEqualTo(2);
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
      assertThat(text)
          .contains("Attendance report 2026-03-01 to 2026-03-31")
          .contains("People present, excused and absent per day")
          .contains("Dina, \"the seller\"")
          .contains("36.00")
          .contains("80%");
    }
    // kept for a look (pdftoppm -png -r 60 target/attendance-report.pdf page)
    Files.write(Path.of("target/attendance-report.pdf"), reply.body());
    // Dina's own PDF: only her
    var own =
        download(
            "/api/reports/attendance?from=2026-03-01&to=2026-03-31&format=pdf",
            app.login("dina", "dina-password"));
    assertThat(own.statusCode()).isEqualTo(200);
    try (var pdf = org.apache.pdfbox.Loader.loadPDF(own.body())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
      assertThat(text)
          .contains("Dina, \"the seller\"")
          .doesNotContain("chief")
          .doesNotContain("eli");
    }
  }
}
