package io.faceattend.server.reports;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.SCHEDULES;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.jooq.Tables;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.AttendanceTotals;
import io.faceattend.proto.v1.GetAttendanceReportResponse;
import io.faceattend.proto.v1.PersonAttendance;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.absences.Absences;
import io.faceattend.server.audit.AuditQueries;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.corrections.Corrections;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.holidays.Holidays;
import io.faceattend.server.payroll.Payroll;
import io.faceattend.server.people.Departments;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.sites.SiteAdmin;
import io.faceattend.server.sites.Sites;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A seeded March 2026 (Sunday 1st to Tuesday 31st: 22 working days Monday to Friday), checked by
 * hand.
 *
 * <p>Ana (Sales; schedule Mon-Fri 09:00-17:00, grace 10 min; punches in Asia/Karachi, UTC+5):
 * 09:00-17:00 on every working day except: Mon 9th 09:10-17:00 (in grace: not late, 470 min); Tue
 * 3rd 09:25-17:00 (late by 15 min, 455 min); Wed 4th 09:00-15:30 (early leave by 80 min before
 * 16:50, 390 min); Thu 5th 08:55-19:30 (635 min, overtime 635-480 = 155); Tue 10th nothing
 * (absent); Thu 12th check-in 09:05 only (present, missing check-out, 0 min); Sat 14th (day off)
 * 10:00-13:00 (180 min, all overtime). Minutes: 16 plain days x 480 = 7680, + 470 + 455 + 390 + 635
 * + 0 + 180 = 9810 = 163.5 h; overtime 155 + 180 = 335 min = 5.58 h; working days 22, present 22
 * (21 working + Saturday), absent 1, late 1, early leave 1; rate 21/22 = 0.9545.
 *
 * <p>Ben (Sales; no schedule: Mon-Fri, 8 h day, no lateness; punches in UTC): 08:00-16:00 on every
 * working day except Mon 2nd (absent) and Fri 6th 08:00-18:00 (600 min, overtime 120). Minutes 20 x
 * 480 + 600 = 10200 = 170 h; overtime 2 h; present 21, absent 1, rate 21/22.
 *
 * <p>Sales = Ana + Ben: working 44, present 43, late 1, early 1, absent 2, 20010 min = 333.5 h,
 * overtime 455 min = 7.58 h, missing check-out 1, rate 42/44 = 0.9545. Carl (Ops) is in neither.
 */
class ReportsTest {

  private static final ZoneId KARACHI = ZoneId.of("Asia/Karachi");
  private DSLContext db;
  private Reports reports;
  private Caller admin;
  private long ana;
  private long ben;
  private long carl;
  private long boss;
  private long sales;

  @BeforeEach
  void seed() {
    db = TestDatabase.reset();
    MutableClock clock = new MutableClock(Instant.parse("2026-04-01T12:00:00Z"));
    reports = new Reports(new AttendanceDays(Store.of(db, clock), AttendanceDays.ExcusedDays.NONE));
    long adminId = user("root", "Root", "admin", null);
    admin = new Caller(adminId, Role.ROLE_ADMIN, null);
    Departments departments = new Departments(Store.of(db, clock));
    sales = departments.create(admin, "Sales", "", null).getId();
    long ops = departments.create(admin, "Ops", "", null).getId();
    ana = user("ana", "Ana", "employee", sales);
    ben = user("ben", "Ben", "employee", sales);
    carl = user("carl", "Carl", "employee", ops);
    boss = user("boss", "Boss", "manager", null);
    departments.setManagers(admin, sales, List.of(boss));
    db.insertInto(SCHEDULES)
        .set(SCHEDULES.USER_ID, ana)
        .set(SCHEDULES.WORKING_DAYS, new Integer[] {1, 2, 3, 4, 5})
        .set(SCHEDULES.START_TIME, LocalTime.of(9, 0))
        .set(SCHEDULES.END_TIME, LocalTime.of(17, 0))
        .set(SCHEDULES.GRACE_MINUTES, 10)
        .execute();

    for (LocalDate day = LocalDate.of(2026, 3, 1);
        day.getMonthValue() == 3;
        day = day.plusDays(1)) {
      boolean weekday = day.getDayOfWeek().getValue() <= 5;
      int d = day.getDayOfMonth();
      if (weekday) {
        switch (d) {
          case 9 -> day(ana, KARACHI, day, "09:10", "17:00");
          case 3 -> day(ana, KARACHI, day, "09:25", "17:00");
          case 4 -> day(ana, KARACHI, day, "09:00", "15:30");
          case 5 -> day(ana, KARACHI, day, "08:55", "19:30");
          case 10 -> {}
          case 12 -> day(ana, KARACHI, day, "09:05", null);
          default -> day(ana, KARACHI, day, "09:00", "17:00");
        }
        switch (d) {
          case 2 -> {}
          case 6 -> day(ben, ZoneId.of("UTC"), day, "08:00", "18:00");
          default -> day(ben, ZoneId.of("UTC"), day, "08:00", "16:00");
        }
        day(carl, ZoneId.of("UTC"), day, "07:00", "19:00");
      } else if (d == 14) {
        day(ana, KARACHI, day, "10:00", "13:00");
      }
    }
  }

  private long user(String username, String name, String role, Long department) {
    return db.insertInto(USERS)
        .set(USERS.USERNAME, username)
        .set(USERS.EMAIL, username + "@co.com")
        .set(USERS.NAME, name)
        .set(USERS.ROLE, role)
        .set(USERS.PASSWORD_HASH, "x")
        .set(USERS.STATUS, UserStatus.ACTIVE)
        .set(USERS.DEPARTMENT_ID, department)
        // everybody joined before the seeded month
        .set(USERS.CREATED_AT, OffsetDateTime.parse("2026-01-05T08:00:00Z"))
        .returning(USERS.ID)
        .fetchSingle()
        .getId();
  }

  private void day(long userId, ZoneId zone, LocalDate date, String in, String out) {
    punch(userId, zone, date, "check_in", in);
    if (out != null) {
      punch(userId, zone, date, "check_out", out);
    }
  }

  private void punch(long userId, ZoneId zone, LocalDate date, String kind, String time) {
    punchAt(userId, date, kind, LocalDateTime.of(date, LocalTime.parse(time)), zone);
  }

  private static ReportQuery march(long department, long user) {
    return ReportQuery.parse("2026-03-01", "2026-03-31", department, 0, user);
  }

  private static void assertTotals(
      AttendanceTotals totals,
      int working,
      int present,
      int late,
      int early,
      int absent,
      double hours,
      double overtime,
      double rate,
      int missingCheckOut) {
    assertThat(totals.getWorkingDays()).as("working days").isEqualTo(working);
    assertThat(totals.getPresent()).as("present").isEqualTo(present);
    assertThat(totals.getLate()).as("late").isEqualTo(late);
    assertThat(totals.getEarlyLeave()).as("early leave").isEqualTo(early);
    assertThat(totals.getAbsent()).as("absent").isEqualTo(absent);
    assertThat(totals.getExcused()).as("excused").isZero();
    assertThat(totals.getHoursWorked()).as("hours").isEqualTo(hours);
    assertThat(totals.getOvertimeHours()).as("overtime").isEqualTo(overtime);
    assertThat(totals.getAttendanceRate()).as("rate").isEqualTo(rate);
    assertThat(totals.getMissingCheckOut()).as("missing check-out").isEqualTo(missingCheckOut);
  }

  @Test
  void onePersonsMonthMatchesTheHandCount() {
    GetAttendanceReportResponse report = reports.attendance(admin, march(0, ana));
    assertThat(report.getCount()).isEqualTo(1);
    assertTotals(report.getResults(0).getTotals(), 22, 22, 1, 1, 1, 163.5, 5.58, 0.9545, 1);
  }

  @Test
  void oneDepartmentsMonthMatchesTheHandCount() {
    GetAttendanceReportResponse report = reports.attendance(admin, march(sales, 0));
    assertThat(report.getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ana", "Ben");
    assertTotals(report.getResults(1).getTotals(), 22, 21, 0, 0, 1, 170.0, 2.0, 0.9545, 0);
    assertTotals(report.getTotals(), 44, 43, 1, 1, 2, 333.5, 7.58, 0.9545, 1);
  }

  @Test
  void theDaysCarryTheDetails() {
    List<DayRecord> days = new ArrayList<>();
    reports
        .days()
        .forEach(admin, ReportQuery.parse("2026-03-03", "2026-03-05", 0, 0, ana), days::add);
    assertThat(days).extracting(DayRecord::status).containsExactly("late", "present", "present");
    assertThat(days.get(0).lateMinutes()).isEqualTo(15);
    assertThat(days.get(0).checkIn()).hasToString("09:25");
    assertThat(days.get(1).earlyLeaveMinutes()).isEqualTo(80);
    assertThat(days.get(2).overtimeMinutes()).isEqualTo(155);
  }

  /**
   * Dan joined on Monday 16 March; a punch of Monday 2nd was migrated from the old system. Days
   * before he joined count only when they have punches: working days 16-20, 23-27, 30-31 (12) plus
   * the 2nd = 13; present 2 (2nd and 20th), absent 11.
   */
  @Test
  void nobodyIsAbsentBeforeJoining() {
    long dan = user("dan", "Dan", "employee", sales);
    db.update(USERS)
        .set(USERS.CREATED_AT, OffsetDateTime.parse("2026-03-16T10:00:00Z"))
        .where(USERS.ID.eq(dan))
        .execute();
    day(dan, ZoneId.of("UTC"), LocalDate.of(2026, 3, 2), "08:00", "16:00");
    day(dan, ZoneId.of("UTC"), LocalDate.of(2026, 3, 20), "08:00", "16:00");
    AttendanceTotals totals = reports.attendance(admin, march(0, dan)).getResults(0).getTotals();
    assertThat(totals.getWorkingDays()).isEqualTo(13);
    assertThat(totals.getPresent()).isEqualTo(2);
    assertThat(totals.getAbsent()).isEqualTo(11);
  }

  /**
   * Departments side by side: Sales (Ana + Ben, as hand-counted above), Ops (Carl: 22 days
   * 07:00-19:00, 264 h, 88 h overtime without a schedule), and the people without a group (Root and
   * Boss: 22 absent days each). A manager sees only Sales.
   */
  @Test
  void departmentsSideBySide() {
    var lines = reports.departments(admin, march(0, 0));
    assertThat(lines.getResultsList())
        .extracting(l -> l.hasName() ? l.getName() : null)
        .containsExactly("Ops", "Sales", null);
    assertThat(lines.getResults(0).getPeople()).isEqualTo(1);
    assertThat(lines.getResults(0).getTotals().getHoursWorked()).isEqualTo(264.0);
    assertThat(lines.getResults(0).getTotals().getOvertimeHours()).isEqualTo(88.0);
    assertThat(lines.getResults(1).getDepartmentId()).isEqualTo(sales);
    assertTotals(lines.getResults(1).getTotals(), 44, 43, 1, 1, 2, 333.5, 7.58, 0.9545, 1);
    assertThat(lines.getResults(2).hasDepartmentId()).isFalse();
    assertThat(lines.getResults(2).getPeople()).isEqualTo(2);
    assertThat(lines.getResults(2).getTotals().getAbsent()).isEqualTo(44);
    assertThat(lines.getTotals().getHoursWorked()).isEqualTo(597.5);
    assertThat(
            reports
                .departments(new Caller(boss, Role.ROLE_MANAGER, null), march(0, 0))
                .getResultsList())
        .extracting(l -> l.getName())
        .containsExactly("Sales");
  }

  @Test
  void weeklySummaryOfTheDepartment() {
    var summary = reports.summary(admin, "weekly", march(sales, 0));
    assertThat(summary.getPeople()).isEqualTo(2);
    // Sunday 1st alone, then Monday-Sunday weeks, the last one cut at the 31st
    assertThat(summary.getResultsList())
        .extracting(p -> p.getPeriodStart() + ".." + p.getPeriodEnd())
        .containsExactly(
            "2026-03-01..2026-03-01",
            "2026-03-02..2026-03-08",
            "2026-03-09..2026-03-15",
            "2026-03-16..2026-03-22",
            "2026-03-23..2026-03-29",
            "2026-03-30..2026-03-31");
    // week 2-8: Ana 480 + 455 + 390 + 635 + 480 = 2440 min, Ben absent Monday + 3 x 480 + 600 =
    // 2040 min;
    // 4480 min = 74.67 h, overtime 155 + 120 = 275 min = 4.58 h; present 9 of 10, rate 0.9
    AttendanceTotals week = summary.getResults(1).getTotals();
    assertThat(week.getWorkingDays()).isEqualTo(10);
    assertThat(week.getPresent()).isEqualTo(9);
    assertThat(week.getLate()).isEqualTo(1);
    assertThat(week.getEarlyLeave()).isEqualTo(1);
    assertThat(week.getAbsent()).isEqualTo(1);
    assertThat(week.getHoursWorked()).isEqualTo(74.67);
    assertThat(week.getOvertimeHours()).isEqualTo(4.58);
    assertThat(week.getAttendanceRate()).isEqualTo(0.9);
    assertThat(summary.getResults(0).getTotals().getWorkingDays()).isZero();
    // the trend: week 9-15 (Ana absent on the 10th) 9/10 again, week 16-22 everybody: 10/10
    assertThat(summary.getResults(0).hasAttendanceRateChange())
        .isFalse(); // nobody expected on Sunday 1st
    assertThat(summary.getResults(1).hasAttendanceRateChange())
        .isFalse(); // the first week with working days
    assertThat(summary.getResults(2).getAttendanceRateChange()).isEqualTo(0.0);
    assertThat(summary.getResults(3).getAttendanceRateChange()).isEqualTo(0.1);
    assertThat(reports.summary(admin, "monthly", march(sales, 0)).getResultsList())
        .singleElement()
        .satisfies(m -> assertThat(m.getTotals()).isEqualTo(summary.getTotals()));
    assertCode(() -> reports.summary(admin, "hourly", march(0, 0)), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aManagerReportsOnlyOnTheirDepartmentAndDaysAfterTodayDoNotCount() {
    Caller manager = new Caller(boss, Role.ROLE_MANAGER, null);
    assertThat(reports.attendance(manager, march(0, 0)).getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ana", "Ben");
    assertCode(() -> reports.attendance(manager, march(0, carl)), ErrorCode.NOT_FOUND);
    // April: the clock says 1 April 12:00, and Ana has no check-in yet: nothing counted
    var april = reports.attendance(admin, ReportQuery.parse("2026-04-01", "2026-04-30", 0, 0, ana));
    assertThat(april.getResults(0).getTotals().getWorkingDays()).isZero();
    assertCode(
        () -> ReportQuery.parse("2026-03-31", "2026-03-01", 0, 0, 0), ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () -> ReportQuery.parse("2025-01-01", "2026-03-01", 0, 0, 0), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> ReportQuery.parse("", "2026-03-01", 0, 0, 0), ErrorCode.MISSING_FIELD);
  }

  /**
   * Per site: Karachi office (Ana and Carl) and Lahore office (Ben). The Karachi report is Ana's
   * and Carl's days (Carl: every working day 07:00-19:00, 12 h, 4 h overtime: 22 x 12 = 264 h, 88 h
   * overtime); Lahore's is Ben's.
   */
  @Test
  void reportsPerSite() {
    var sites = new Sites(db);
    long karachi =
        sites
            .create(
                db,
                new Sites.NewSite("Karachi office", "Asia/Karachi", 24.86, 67.0, 200.0, List.of()))
            .id();
    long lahore =
        sites
            .create(
                db,
                new Sites.NewSite("Lahore office", "Asia/Karachi", 31.55, 74.34, 200.0, List.of()))
            .id();
    sites.addMembers(db, karachi, List.of(ana, carl));
    sites.addMembers(db, lahore, List.of(ben));

    GetAttendanceReportResponse office =
        reports.attendance(admin, ReportQuery.parse("2026-03-01", "2026-03-31", 0, karachi, 0));
    assertThat(office.getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ana", "Carl");
    assertTotals(office.getResults(1).getTotals(), 22, 22, 0, 0, 0, 264.0, 88.0, 1.0, 0);
    // Ana 163.5 h + Carl 264 h; overtime 5.58 h (335 min) + 88 h (5280 min) = 5615 min = 93.58 h
    assertThat(office.getTotals().getHoursWorked()).isEqualTo(427.5);
    assertThat(office.getTotals().getOvertimeHours()).isEqualTo(93.58);
    assertThat(
            reports
                .attendance(admin, ReportQuery.parse("2026-03-01", "2026-03-31", 0, lahore, 0))
                .getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ben");
    // a site and a department together: Sales people at the Karachi office
    assertThat(
            reports
                .attendance(admin, ReportQuery.parse("2026-03-01", "2026-03-31", sales, karachi, 0))
                .getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ana");
    // a group assigned to a site brings its members into the site's reports
    long ops =
        db.select(Tables.DEPARTMENTS.ID)
            .from(Tables.DEPARTMENTS)
            .where(Tables.DEPARTMENTS.NAME.eq("Ops"))
            .fetchSingle()
            .value1();
    new SiteAdmin(Store.of(db, Clock.systemUTC()), sites).assignDepartment(admin, lahore, ops);
    assertThat(
            reports
                .attendance(admin, ReportQuery.parse("2026-03-01", "2026-03-31", 0, lahore, 0))
                .getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ben", "Carl");
  }

  /**
   * An employee's self-service: their own report, summary and check-in hours, nobody else's. A
   * manager reads their own days by asking for their own user_id (Boss has no schedule: 22 working
   * days Monday to Friday, no punches: 22 absent).
   */
  @Test
  void employeesReportOnThemselvesOnly() {
    Caller anaCaller = new Caller(ana, Role.ROLE_EMPLOYEE, null);
    GetAttendanceReportResponse own = reports.attendance(anaCaller, march(0, 0));
    assertThat(own.getResultsList()).extracting(PersonAttendance::getUserId).containsExactly(ana);
    assertTotals(own.getTotals(), 22, 22, 1, 1, 1, 163.5, 5.58, 0.9545, 1);
    assertThat(reports.attendance(anaCaller, march(sales, 0)).getResultsList())
        .extracting(PersonAttendance::getUserId)
        .containsExactly(ana);
    assertCode(() -> reports.attendance(anaCaller, march(0, ben)), ErrorCode.NOT_FOUND);
    assertThat(reports.summary(anaCaller, "monthly", march(0, 0)).getPeople()).isEqualTo(1);
    // 21 working days 09:00-09:25 + Saturday 10:00 (Karachi local hours)
    var hours = reports.checkInHours(anaCaller, march(0, 0));
    assertThat(hours.getTotal()).isEqualTo(22);
    assertThat(hours.getHours(9).getCheckIns()).isEqualTo(20);
    assertThat(hours.getHours(8).getCheckIns()).isEqualTo(1);
    assertThat(hours.getHours(10).getCheckIns()).isEqualTo(1);

    Caller manager = new Caller(boss, Role.ROLE_MANAGER, null);
    var bossOwn = reports.attendance(manager, march(0, boss));
    assertThat(bossOwn.getResultsList())
        .extracting(PersonAttendance::getUserId)
        .containsExactly(boss);
    assertThat(bossOwn.getTotals().getAbsent()).isEqualTo(22);
    assertThat(reports.attendance(manager, march(0, 0)).getResultsList())
        .extracting(PersonAttendance::getName)
        .containsExactly("Ana", "Ben");
  }

  /**
   * Schedules with shifts, an overtime threshold and a night shift, on top of the seeded month.
   *
   * <p>Ana's new schedule: Monday to Saturday 09:00-17:00, grace 10, overtime after 9 h, Saturday
   * 10:00-12:00. Thu 5th 08:55-19:30 = 635 min: overtime 635 - 540 = 95. Sat 14th 10:00-13:00 is
   * now a working day: present, not late (10:00 is before 10:10), 180 min, no overtime (under 540).
   * Sat 7th: a working day without punches, absent.
   *
   * <p>Carl's new schedule: Monday to Friday 22:00-06:00, no grace. Mon 16th: in 22:30, out Tue
   * 06:15: late 30, 465 min, no overtime (under the 480-minute shift), no early leave. Tue 17th: in
   * 21:55, out Wed 05:00: not late, 425 min, early leave 60.
   */
  @Test
  void shiftsOvertimeThresholdAndNightShifts() {
    var schedules = new Schedules(db);
    schedules.set(
        db,
        ana,
        new Schedules.Input(
            List.of(1, 2, 3, 4, 5, 6),
            "09:00",
            "17:00",
            10,
            540,
            List.of(new Schedules.ShiftInput(List.of(6), "10:00", "12:00"))));
    schedules.set(
        db,
        carl,
        new Schedules.Input(List.of(1, 2, 3, 4, 5), "22:00", "06:00", 0, null, List.of()));
    db.deleteFrom(ATTENDANCE_PUNCHES)
        .where(ATTENDANCE_PUNCHES.USER_ID.eq(carl))
        .and(
            ATTENDANCE_PUNCHES.WORK_DATE.between(
                LocalDate.of(2026, 3, 16), LocalDate.of(2026, 3, 17)))
        .execute();
    ZoneId utc = ZoneId.of("UTC");
    punchAt(
        carl, LocalDate.of(2026, 3, 16), "check_in", LocalDateTime.parse("2026-03-16T22:30"), utc);
    punchAt(
        carl, LocalDate.of(2026, 3, 16), "check_out", LocalDateTime.parse("2026-03-17T06:15"), utc);
    punchAt(
        carl, LocalDate.of(2026, 3, 17), "check_in", LocalDateTime.parse("2026-03-17T21:55"), utc);
    punchAt(
        carl, LocalDate.of(2026, 3, 17), "check_out", LocalDateTime.parse("2026-03-18T05:00"), utc);

    Map<LocalDate, DayRecord> anaDays = new HashMap<>();
    reports.days().forEach(admin, march(0, ana), d -> anaDays.put(d.date(), d));
    assertThat(anaDays.get(LocalDate.of(2026, 3, 5)).overtimeMinutes()).isEqualTo(95);
    DayRecord saturday = anaDays.get(LocalDate.of(2026, 3, 14));
    assertThat(saturday.workingDay()).isTrue();
    assertThat(saturday.status()).isEqualTo("present");
    assertThat(saturday.workedMinutes()).isEqualTo(180);
    assertThat(saturday.overtimeMinutes()).isZero();
    assertThat(anaDays.get(LocalDate.of(2026, 3, 7)).status()).isEqualTo("absent");

    List<DayRecord> nights = new ArrayList<>();
    reports
        .days()
        .forEach(admin, ReportQuery.parse("2026-03-16", "2026-03-17", 0, 0, carl), nights::add);
    assertThat(nights).extracting(DayRecord::status).containsExactly("late", "present");
    assertThat(nights).extracting(DayRecord::lateMinutes).containsExactly(30, 0);
    assertThat(nights).extracting(DayRecord::workedMinutes).containsExactly(465L, 425L);
    assertThat(nights).extracting(DayRecord::overtimeMinutes).containsExactly(0L, 0L);
    assertThat(nights).extracting(DayRecord::earlyLeaveMinutes).containsExactly(0, 60);
    assertThat(nights.get(0).checkOut()).hasToString("06:15");
  }

  /**
   * A department schedule applies to its members without one of their own: Sales gets Monday to
   * Friday 07:30-15:30. Ben (no schedule) is now late by 30 minutes on each of his 21 days (08:00
   * check-ins) and his overtime counts after 8 h as before; Ana keeps her own schedule (late once).
   * Carl (Ops) is unaffected.
   */
  @Test
  void aDepartmentScheduleAppliesToMembersWithoutTheirOwn() {
    var schedules = new Schedules(db);
    schedules.setForDepartment(
        db,
        sales,
        new Schedules.Input(List.of(1, 2, 3, 4, 5), "07:30", "15:30", 0, null, List.of()));
    GetAttendanceReportResponse report = reports.attendance(admin, march(0, 0));
    Map<String, AttendanceTotals> byName = new HashMap<>();
    report.getResultsList().forEach(p -> byName.put(p.getName(), p.getTotals()));
    assertThat(byName.get("Ben").getLate()).isEqualTo(21);
    assertThat(byName.get("Ben").getOvertimeHours()).isEqualTo(2.0);
    assertThat(byName.get("Ana").getLate()).isEqualTo(1);
    assertThat(byName.get("Carl").getLate()).isZero();
    assertThat(schedules.assignedTo(ben).orElseThrow().source()).isEqualTo("department");
    assertThat(schedules.assignedTo(ana).orElseThrow().source()).isEqualTo("user");
    assertThat(schedules.assignedTo(carl)).isEmpty();
    // without it, Ben is never late again
    schedules.clearDepartment(db, sales);
    assertThat(reports.attendance(admin, march(0, ben)).getResults(0).getTotals().getLate())
        .isZero();
  }

  private void punchAt(
      long userId, LocalDate workDate, String kind, LocalDateTime local, ZoneId zone) {
    db.insertInto(ATTENDANCE_PUNCHES)
        .set(ATTENDANCE_PUNCHES.USER_ID, userId)
        .set(ATTENDANCE_PUNCHES.KIND, kind)
        .set(ATTENDANCE_PUNCHES.WORK_DATE, workDate)
        .set(ATTENDANCE_PUNCHES.PUNCHED_AT, local.atZone(zone).toOffsetDateTime())
        .set(ATTENDANCE_PUNCHES.TIME_ZONE, zone.getId())
        .set(ATTENDANCE_PUNCHES.LATITUDE, 0.0)
        .set(ATTENDANCE_PUNCHES.LONGITUDE, 0.0)
        .set(ATTENDANCE_PUNCHES.WITHIN_ALLOWED_TIME, true)
        .execute();
  }

  /**
   * Corrections on top of the seeded month: the manager fixes Ana's forgotten check-out of Thu 12th
   * (17:00: 09:05 to 17:00 = 475 min) and her late check-in of Tue 3rd (badge reader down: 09:00,
   * +25 min, no longer late). Ana: 9810 + 475 + 25 = 10310 min = 171.83 h; late 0, missing
   * check-out 0; overtime unchanged 5.58 h.
   */
  @Test
  void handCorrectionsCountAndTheOriginalStaysVisible() {
    // the server's zone is the store clock's
    var corrections =
        new Corrections(
            Store.of(
                db,
                new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))
                    .withZone(ZoneId.of("UTC"))));
    Caller manager = new Caller(boss, Role.ROLE_MANAGER, "10.1.1.1");
    var fixed =
        corrections.correct(
            manager, ana, "2026-03-12", "check_out", "17:00", "", "forgot to check out");
    assertThat(fixed.hasOriginalPunchedAt()).isFalse();
    assertThat(fixed.getTimeZone())
        .isEqualTo("UTC"); // no original punch: the server's zone unless one is given
    corrections.correct(
        manager, ana, "2026-03-12", "check_out", "17:00", "Asia/Karachi", "forgot to check out");
    var late =
        corrections.correct(
            manager, ana, "2026-03-03", "check_in", "09:00", "", "badge reader down");
    assertThat(late.getOriginalPunchedAt()).isEqualTo("2026-03-03T04:25Z");
    assertThat(late.getCorrectedAt()).isEqualTo("2026-03-03T09:00+05:00");

    assertTotals(
        reports.attendance(admin, march(0, ana)).getResults(0).getTotals(),
        22,
        22,
        0,
        1,
        1,
        171.83,
        5.58,
        0.9545,
        0);
    // the punch itself is unchanged
    assertThat(
            db.select(ATTENDANCE_PUNCHES.PUNCHED_AT)
                .from(ATTENDANCE_PUNCHES)
                .where(ATTENDANCE_PUNCHES.USER_ID.eq(ana))
                .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(LocalDate.of(2026, 3, 3)))
                .and(ATTENDANCE_PUNCHES.KIND.eq("check_in"))
                .fetchSingle()
                .value1()
                .toInstant())
        .isEqualTo(Instant.parse("2026-03-03T04:25:00Z"));
    List<DayRecord> days = new ArrayList<>();
    reports
        .days()
        .forEach(admin, ReportQuery.parse("2026-03-03", "2026-03-03", 0, 0, ana), days::add);
    assertThat(days.get(0).corrected()).isTrue();
    assertThat(corrections.list(admin, ana, "2026-03-01", "2026-03-31", 0, 0).getCount())
        .isEqualTo(3);
    assertThat(
            db.fetchCount(
                Tables.AUDIT_LOG,
                Tables.AUDIT_LOG.ACTION.in("attendance.mark", "attendance.correct")))
        .isEqualTo(3);

    // refused: no reason, somebody outside the manager's departments, the future
    assertCode(
        () -> corrections.correct(manager, ana, "2026-03-12", "check_out", "17:00", "", " "),
        ErrorCode.MISSING_FIELD);
    assertCode(
        () -> corrections.correct(manager, carl, "2026-03-12", "check_out", "17:00", "", "x"),
        ErrorCode.NOT_FOUND);
    assertCode(
        () -> corrections.correct(admin, ana, "2026-04-02", "check_in", "09:00", "", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(corrections.list(manager, carl, "", "", 0, 0).getCount()).isZero();
    // a day stays a day: Ana's check-in of the 2nd was 09:00 Karachi, so a check-out at 08:00 is
    // refused, and a
    // check-in after her 17:00 check-out too; nothing is recorded
    assertCode(
        () ->
            corrections.correct(
                admin, ana, "2026-03-02", "check_out", "08:00", "Asia/Karachi", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertCode(
        () ->
            corrections.correct(admin, ana, "2026-03-02", "check_in", "17:30", "Asia/Karachi", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(corrections.list(admin, ana, "2026-03-02", "2026-03-02", 0, 0).getCount()).isZero();
  }

  /** On a night shift (22:00-06:00) a check-out correction given as 06:00 is the next morning's. */
  @Test
  void aNightShiftCheckOutCorrectionIsTheNextMorning() {
    new Schedules(db)
        .set(
            db,
            carl,
            new Schedules.Input(List.of(1, 2, 3, 4, 5), "22:00", "06:00", 0, null, List.of()));
    db.deleteFrom(ATTENDANCE_PUNCHES)
        .where(ATTENDANCE_PUNCHES.USER_ID.eq(carl))
        .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(LocalDate.of(2026, 3, 16)))
        .execute();
    punchAt(
        carl,
        LocalDate.of(2026, 3, 16),
        "check_in",
        LocalDateTime.parse("2026-03-16T22:00"),
        ZoneId.of("UTC"));
    var corrections =
        new Corrections(Store.of(db, new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))));
    var out =
        corrections.correct(
            admin, carl, "2026-03-16", "check_out", "06:00", "UTC", "forgot to check out");
    assertThat(out.getCorrectedAt()).isEqualTo("2026-03-17T06:00Z");
    List<DayRecord> night = new ArrayList<>();
    reports
        .days()
        .forEach(admin, ReportQuery.parse("2026-03-16", "2026-03-16", 0, 0, carl), night::add);
    assertThat(night.get(0).workedMinutes()).isEqualTo(480);
    assertThat(night.get(0).earlyLeaveMinutes()).isZero();
  }

  /**
   * Absences on top of the seeded month: Ana asks for Tue 10th (her absent day) as sick leave with
   * a PNG certificate and the manager approves; Ben asks for Mon 2nd and is rejected. Ana: absent
   * 0, excused 1, rate 21 / (22 - 1) = 1.0; Ben unchanged (absent 1). Sales: absent 1, excused 1,
   * rate 42 / 43 = 0.9767.
   */
  @Test
  void approvedAbsencesAreExcused() {
    var absences =
        new Absences(Store.of(db, new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))));
    Caller anaCaller = new Caller(ana, Role.ROLE_EMPLOYEE, null);
    Caller benCaller = new Caller(ben, Role.ROLE_EMPLOYEE, null);
    Caller manager = new Caller(boss, Role.ROLE_MANAGER, null);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    var sick = absences.submit(anaCaller, "2026-03-10", "2026-03-10", "sick", "flu", png);
    assertThat(sick.getEvidenceContentType()).isEqualTo("image/png");
    var personal =
        absences.submit(benCaller, "2026-03-02", "2026-03-02", "personal", "errand", null);
    assertCode(
        () ->
            absences.submit(
                anaCaller,
                "2026-03-11",
                "2026-03-11",
                "sick",
                "x",
                "hello".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertCode(
        () ->
            absences.submit(
                anaCaller,
                "2026-03-11",
                "2026-03-11",
                "sick",
                "x",
                new byte[Absences.MAX_EVIDENCE_BYTES + 1]),
        ErrorCode.PAYLOAD_TOO_LARGE);
    // an employee sees only their own requests and cannot decide
    assertThat(absences.list(anaCaller, "", 0, 0, 0).getResultsList())
        .extracting(r -> r.getUserId())
        .containsExactly(ana);
    assertCode(
        () -> absences.decide(anaCaller, personal.getId(), "approved", ""), ErrorCode.NOT_FOUND);
    assertThat(absences.evidence(manager, sick.getId()).getEvidence().toByteArray()).isEqualTo(png);

    assertThat(absences.decide(manager, sick.getId(), "approved", "get well").getStatus())
        .isEqualTo("approved");
    assertCode(() -> absences.decide(manager, sick.getId(), "rejected", "no"), ErrorCode.CONFLICT);
    assertCode(
        () -> absences.decide(manager, personal.getId(), "rejected", ""), ErrorCode.MISSING_FIELD);
    absences.decide(manager, personal.getId(), "rejected", "busy week");

    reports =
        new Reports(
            new AttendanceDays(
                Store.of(db, new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))),
                Absences.excusedDays()));
    AttendanceTotals anaTotals = reports.attendance(admin, march(0, ana)).getResults(0).getTotals();
    assertThat(anaTotals.getAbsent()).isZero();
    assertThat(anaTotals.getExcused()).isEqualTo(1);
    assertThat(anaTotals.getAttendanceRate()).isEqualTo(1.0);
    AttendanceTotals department = reports.attendance(admin, march(sales, 0)).getTotals();
    assertThat(department.getAbsent()).isEqualTo(1);
    assertThat(department.getExcused()).isEqualTo(1);
    assertThat(department.getAttendanceRate()).isEqualTo(0.9767);
  }

  /**
   * Payroll for the seeded month: Ana at 20.00 per hour x 163.5 h = 3270.00; Ben has no rate (no
   * earnings). March is paid once; an overlapping period is refused; both are visible in the audit
   * log query.
   */
  @Test
  void payrollAndTheAuditTrail() {
    db.update(USERS)
        .set(USERS.HOURLY_RATE, new java.math.BigDecimal("20.00"))
        .where(USERS.ID.eq(ana))
        .execute();
    var days =
        new AttendanceDays(
            Store.of(db, new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))),
            AttendanceDays.ExcusedDays.NONE);
    var payroll = new Payroll(Store.of(db, Clock.systemUTC()), days);
    var lines = payroll.payroll(admin, march(sales, 0));
    assertThat(lines.getResults(0).getName()).isEqualTo("Ana");
    assertThat(lines.getResults(0).getHoursWorked()).isEqualTo(163.5);
    assertThat(lines.getResults(0).getEarnings()).isEqualTo(3270.0);
    assertThat(lines.getResults(1).hasEarnings()).isFalse();
    assertThat(lines.getTotalEarnings()).isEqualTo(3270.0);

    var payment = payroll.markPaid(admin, ana, march(0, 0));
    assertThat(payment.getAmount()).isEqualTo(3270.0);
    assertCode(
        () -> payroll.markPaid(admin, ana, ReportQuery.parse("2026-03-15", "2026-04-15", 0, 0, 0)),
        ErrorCode.CONFLICT);
    assertCode(
        () -> payroll.markPaid(admin, ben, march(0, 0)), ErrorCode.INVALID_ARGUMENT); // no rate
    var after = payroll.payroll(admin, march(0, ana)).getResults(0);
    assertThat(after.getPaid()).isTrue();
    assertThat(after.getPaidAmount()).isEqualTo(3270.0);
    // a manager reads the payroll of their department only
    assertCode(
        () -> payroll.payroll(new Caller(boss, Role.ROLE_MANAGER, null), march(0, carl)),
        ErrorCode.NOT_FOUND);

    var audit = new AuditQueries(Store.of(db, Clock.systemUTC()));
    var paid = audit.list(0, "payroll.mark_paid", "", "", "", "", 0, 0);
    assertThat(paid.getCount()).isEqualTo(1);
    assertThat(paid.getResults(0).getActorUserId()).isEqualTo(admin.userId());
    assertThat(paid.getResults(0).getTargetId()).isEqualTo(Long.toString(ana));
    assertThat(paid.getResults(0).getDetails()).contains("\"amount\": 3270.00");
    // department.create x 2 and department.set_managers, newest first, two per page
    var departmentsPage = audit.list(admin.userId(), "department.", "", "", "", "", 1, 2);
    assertThat(departmentsPage.getCount()).isEqualTo(3);
    assertThat(departmentsPage.getResultsList())
        .extracting(e -> e.getAction())
        .containsExactly("department.set_managers", "department.create");
    assertThat(audit.list(0, "", "", "", "2999-01-01", "", 0, 0).getCount()).isZero();
    assertCode(() -> audit.list(0, "", "", "", "yesterday", "", 0, 0), ErrorCode.INVALID_ARGUMENT);
  }

  /**
   * Ana's March check-ins by local hour: 08:55 on the 5th (hour 8), 10:00 on Saturday the 14th
   * (hour 10), the other 20 between 09:00 and 09:25 (hour 9). Absentees: on Tuesday 10 March, in
   * Sales, only Ana; today (Wednesday 1 April, nobody has checked in yet) the manager's two people.
   */
  @Test
  void checkInHoursAndAbsentees() {
    var hours = reports.checkInHours(admin, march(0, ana));
    assertThat(hours.getTotal()).isEqualTo(22);
    assertThat(hours.getHoursCount()).isEqualTo(24);
    assertThat(hours.getHours(8).getCheckIns()).isEqualTo(1);
    assertThat(hours.getHours(9).getCheckIns()).isEqualTo(20);
    assertThat(hours.getHours(10).getCheckIns()).isEqualTo(1);
    assertThat(reports.absentees(admin, "2026-03-10", sales, 0).getResultsList())
        .extracting(a -> a.getName())
        .containsExactly("Ana");
    var today = reports.absentees(new Caller(boss, Role.ROLE_MANAGER, null), "", 0, 0);
    assertThat(today.getDate()).isEqualTo("2026-04-01");
    assertThat(today.getResultsList()).extracting(a -> a.getName()).containsExactly("Ana", "Ben");
    assertCode(() -> reports.absentees(admin, "tomorrow", 0, 0), ErrorCode.INVALID_ARGUMENT);
  }

  /**
   * Bulk marking of Sales on Tue 10 March, 09:00-17:00 Asia/Karachi: Ana had nothing (2 marks), Ben
   * had both punches (2 skipped). Ana then: present 23 (22 working + Saturday), absent 0, 9810 +
   * 480 = 10290 min = 171.5 h, rate 22/22 = 1.0.
   */
  @Test
  void bulkMarkingOfAGroup() {
    var corrections =
        new Corrections(Store.of(db, new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))));
    Caller manager = new Caller(boss, Role.ROLE_MANAGER, null);
    var result =
        corrections.markGroup(
            manager, sales, "2026-03-10", "09:00", "17:00", "Asia/Karachi", "off-site training");
    assertThat(result.marked()).isEqualTo(2);
    assertThat(result.skipped()).isEqualTo(2);
    var totals = reports.attendance(admin, march(0, ana)).getResults(0).getTotals();
    assertThat(totals.getPresent()).isEqualTo(23);
    assertThat(totals.getAbsent()).isZero();
    assertThat(totals.getHoursWorked()).isEqualTo(171.5);
    assertThat(totals.getAttendanceRate()).isEqualTo(1.0);
    // again: everything is there now
    assertThat(
            corrections
                .markGroup(manager, sales, "2026-03-10", "09:00", "17:00", "", "again")
                .marked())
        .isZero();
    long ops =
        db.select(Tables.DEPARTMENTS.ID)
            .from(Tables.DEPARTMENTS)
            .where(Tables.DEPARTMENTS.NAME.eq("Ops"))
            .fetchSingle()
            .value1();
    assertCode(
        () -> corrections.markGroup(manager, ops, "2026-03-10", "09:00", "", "", "x"),
        ErrorCode.NOT_FOUND);
    assertCode(
        () -> corrections.markGroup(manager, sales, "2026-03-10", "09:00", "08:00", "", "x"),
        ErrorCode.INVALID_ARGUMENT);
  }

  /**
   * Ops works nights (22:00-06:00): a bulk marking 22:00 to 06:00 puts the check-out on the next
   * morning.
   */
  @Test
  void bulkMarkingOfANightShift() {
    long ops =
        db.select(Tables.DEPARTMENTS.ID)
            .from(Tables.DEPARTMENTS)
            .where(Tables.DEPARTMENTS.NAME.eq("Ops"))
            .fetchSingle()
            .value1();
    var schedules = new Schedules(db);
    schedules.setForDepartment(
        db, ops, new Schedules.Input(List.of(1, 2, 3, 4, 5), "22:00", "06:00", 0, null, List.of()));
    db.deleteFrom(ATTENDANCE_PUNCHES)
        .where(ATTENDANCE_PUNCHES.USER_ID.eq(carl))
        .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(LocalDate.of(2026, 3, 16)))
        .execute();
    var corrections =
        new Corrections(Store.of(db, new MutableClock(Instant.parse("2026-04-01T12:00:00Z"))));
    assertThat(
            corrections
                .markGroup(
                    admin, ops, "2026-03-16", "22:00", "06:00", "UTC", "night shift, reader down")
                .marked())
        .isEqualTo(2);
    assertThat(corrections.list(admin, carl, "2026-03-16", "2026-03-16", 0, 0).getResultsList())
        .extracting(c -> c.getKind() + " " + c.getCorrectedAt())
        .containsExactlyInAnyOrder("check_in 2026-03-16T22:00Z", "check_out 2026-03-17T06:00Z");
    List<DayRecord> night = new ArrayList<>();
    reports
        .days()
        .forEach(admin, ReportQuery.parse("2026-03-16", "2026-03-16", 0, 0, carl), night::add);
    assertThat(night.get(0).workedMinutes()).isEqualTo(480);
    // Sales works days: the same marking is refused for it, and nothing is written
    assertCode(
        () -> corrections.markGroup(admin, sales, "2026-03-11", "22:00", "06:00", "UTC", "x"),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(corrections.list(admin, 0, "2026-03-11", "2026-03-11", 0, 0).getCount()).isZero();
  }

  /**
   * Tue 10 March made a holiday: Ana (absent that day) has 21 working days, absent 0, rate 21/21 =
   * 1.0; Ben worked 08:00-16:00 that day, now all overtime: 2 h + 8 h = 10 h, working 21, present
   * 21 (20 working days + the holiday), rate 20/21 = 0.9524.
   */
  @Test
  void holidaysAreDaysOff() {
    var holidays = new Holidays(Store.of(db, Clock.systemUTC()));
    holidays.set(admin, "2026-03-10", "Founders' day");
    assertThat(holidays.list(2026).getResultsList())
        .extracting(h -> h.getName())
        .containsExactly("Founders' day");
    assertThat(holidays.list(2025).getCount()).isZero();
    AttendanceTotals anaTotals = reports.attendance(admin, march(0, ana)).getResults(0).getTotals();
    assertThat(anaTotals.getWorkingDays()).isEqualTo(21);
    assertThat(anaTotals.getAbsent()).isZero();
    assertThat(anaTotals.getAttendanceRate()).isEqualTo(1.0);
    AttendanceTotals benTotals = reports.attendance(admin, march(0, ben)).getResults(0).getTotals();
    assertThat(benTotals.getWorkingDays()).isEqualTo(21);
    assertThat(benTotals.getPresent()).isEqualTo(21);
    assertThat(benTotals.getOvertimeHours()).isEqualTo(10.0);
    assertThat(benTotals.getAttendanceRate()).isEqualTo(0.9524);
    holidays.delete(admin, "2026-03-10");
    assertThat(reports.attendance(admin, march(0, ana)).getResults(0).getTotals().getAbsent())
        .isEqualTo(1);
    assertCode(() -> holidays.delete(admin, "2026-03-10"), ErrorCode.NOT_FOUND);
    assertCode(() -> holidays.set(admin, "2026-03-10", " "), ErrorCode.MISSING_FIELD);
  }
}
