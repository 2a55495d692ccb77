package io.faceattend.server.payroll;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.PAYROLL_PAYMENTS;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.proto.v1.GetPayrollResponse;
import io.faceattend.proto.v1.PayrollLine;
import io.faceattend.proto.v1.PayrollPayment;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.corrections.Corrections;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.Departments;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.ReportQuery;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hours times rate, paid once per period, audited; hand-computed on a real PostgreSQL. */
class PayrollTest {

  private static final ReportQuery FIRST_WEEK =
      ReportQuery.parse("2026-03-01", "2026-03-07", 0, 0, 0);

  private DSLContext db;
  private Payroll payroll;
  private Corrections corrections;
  private Caller admin;
  private long ana;
  private long ben;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    AuditLog audit = new AuditLog();
    payroll =
        new Payroll(
            new Store(db, audit, Clock.systemUTC()),
            new AttendanceDays(Store.of(db, clock), AttendanceDays.ExcusedDays.NONE));
    corrections = new Corrections(new Store(db, audit, clock));
    admin = new Caller(user("root", "admin", null), Role.ROLE_ADMIN, null);
    ana = user("ana", "employee", new BigDecimal("20.00"));
    ben = user("ben", "employee", null);
    // ana: Monday 09:00-17:30 (510 min), Tuesday 09:00-13:20 (260 min) = 770 min = 12.83 h
    work(ana, "2026-03-02", "09:00", "17:30");
    work(ana, "2026-03-03", "09:00", "13:20");
    work(ben, "2026-03-02", "08:00", "12:00");
  }

  private long user(String username, String role, BigDecimal rate) {
    return db.insertInto(USERS)
        .set(USERS.USERNAME, username)
        .set(USERS.EMAIL, username + "@co.com")
        .set(USERS.NAME, "Name " + username)
        .set(USERS.ROLE, role)
        .set(USERS.PASSWORD_HASH, "x")
        .set(USERS.HOURLY_RATE, rate)
        .returning(USERS.ID)
        .fetchSingle()
        .getId();
  }

  private void work(long userId, String date, String in, String out) {
    corrections.correct(admin, userId, date, "check_in", in, "UTC", "test day");
    corrections.correct(admin, userId, date, "check_out", out, "UTC", "test day");
  }

  private PayrollLine line(GetPayrollResponse response, long userId) {
    return response.getResultsList().stream()
        .filter(l -> l.getUserId() == userId)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void earningsAreRoundedHoursTimesRate() {
    GetPayrollResponse response = payroll.payroll(admin, FIRST_WEEK);
    assertThat(line(response, ana).getHoursWorked()).isEqualTo(12.83);
    assertThat(line(response, ana).getEarnings()).isEqualTo(256.60);
    // no rate: hours shown, no earnings, not in the total
    assertThat(line(response, ben).getHoursWorked()).isEqualTo(4.0);
    assertThat(line(response, ben).hasHourlyRate()).isFalse();
    assertThat(response.getTotalEarnings()).isEqualTo(256.60);
    assertThat(line(response, ana).getPaid()).isFalse();
  }

  @Test
  void aPeriodIsPaidOnceAndAudited() {
    PayrollPayment payment = payroll.markPaid(admin, ana, FIRST_WEEK);
    assertThat(payment.getAmount()).isEqualTo(256.60);
    assertThat(payment.getHoursWorked()).isEqualTo(12.83);

    // any overlap with a paid period is refused, and nothing more is written
    assertCode(
        () -> payroll.markPaid(admin, ana, ReportQuery.parse("2026-03-07", "2026-03-14", 0, 0, 0)),
        ErrorCode.CONFLICT);
    assertThat(db.fetchCount(PAYROLL_PAYMENTS)).isOne();
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("payroll.mark_paid"))).isOne();

    PayrollLine line = line(payroll.payroll(admin, FIRST_WEEK), ana);
    assertThat(line.getPaid()).isTrue();
    assertThat(line.getPaidAmount()).isEqualTo(256.60);
  }

  @Test
  void refusalsWriteNothing() {
    assertCode(() -> payroll.markPaid(admin, ben, FIRST_WEEK), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> payroll.markPaid(admin, 0, FIRST_WEEK), ErrorCode.MISSING_FIELD);
    assertCode(() -> payroll.markPaid(admin, 999_999, FIRST_WEEK), ErrorCode.NOT_FOUND);

    // a manager pays only their own departments' people
    long bossId = user("boss", "manager", null);
    Departments departments =
        new Departments(Store.of(db, new MutableClock(Instant.parse("2026-03-10T12:00:00Z"))));
    long dept = departments.create(admin, "Ops", "department", "").getId();
    departments.setManagers(admin, dept, List.of(bossId));
    Caller boss = new Caller(bossId, Role.ROLE_MANAGER, null);
    assertCode(() -> payroll.markPaid(boss, ana, FIRST_WEEK), ErrorCode.NOT_FOUND);
    assertThat(payroll.payroll(boss, FIRST_WEEK).getResultsList()).isEmpty();

    assertThat(db.fetchCount(PAYROLL_PAYMENTS)).isZero();
  }
}
