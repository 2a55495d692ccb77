package io.faceattend.server.payroll;

import static io.faceattend.db.jooq.Tables.PAYROLL_PAYMENTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.PayrollPaymentsRecord;
import io.faceattend.proto.v1.GetPayrollResponse;
import io.faceattend.proto.v1.PayrollLine;
import io.faceattend.proto.v1.PayrollPayment;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.Scope;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.ReportQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;

/**
 * Earnings = hours worked (as the attendance report counts them, corrections included) x hourly
 * rate, per person and period; payments are recorded once per period (an overlapping period is
 * refused) and audited.
 */
public record Payroll(Store store, AttendanceDays days) {

  /** Exact minutes as hours with 2 decimals. */
  static BigDecimal hours(long minutes) {
    return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
  }

  public GetPayrollResponse payroll(Caller caller, ReportQuery query) {
    List<AttendanceDays.PersonTotals> people = days.totalsPerPerson(caller, query);
    List<Long> ids = people.stream().map(p -> p.person().userId()).toList();
    Map<Long, BigDecimal> rates = new HashMap<>();
    Map<Long, BigDecimal> paid = new HashMap<>();
    if (!people.isEmpty()) {
      store
          .db()
          .select(USERS.ID, USERS.HOURLY_RATE)
          .from(USERS)
          .where(USERS.ID.in(ids))
          .forEach(r -> rates.put(r.value1(), r.value2()));
      store
          .db()
          .select(PAYROLL_PAYMENTS.USER_ID, DSL.sum(PAYROLL_PAYMENTS.AMOUNT))
          .from(PAYROLL_PAYMENTS)
          .where(PAYROLL_PAYMENTS.USER_ID.in(ids))
          .and(PAYROLL_PAYMENTS.PERIOD_START.le(query.to()))
          .and(PAYROLL_PAYMENTS.PERIOD_END.ge(query.from()))
          .groupBy(PAYROLL_PAYMENTS.USER_ID)
          .forEach(r -> paid.put(r.value1(), r.value2()));
    }
    GetPayrollResponse.Builder response =
        GetPayrollResponse.newBuilder()
            .setFrom(query.from().toString())
            .setTo(query.to().toString())
            .setCount(people.size());
    BigDecimal total = BigDecimal.ZERO;
    for (AttendanceDays.PersonTotals p : people) {
      long id = p.person().userId();
      BigDecimal worked = hours(p.totals().workedMinutes());
      PayrollLine.Builder line =
          PayrollLine.newBuilder()
              .setUserId(id)
              .setName(p.person().name())
              .setHoursWorked(worked.doubleValue())
              .setPaid(paid.containsKey(id))
              .setPaidAmount(paid.getOrDefault(id, BigDecimal.ZERO).doubleValue());
      if (p.person().employeeId() != null) {
        line.setEmployeeId(p.person().employeeId());
      }
      BigDecimal rate = rates.get(id);
      if (rate != null) {
        BigDecimal earnings = worked.multiply(rate).setScale(2, RoundingMode.HALF_UP);
        line.setHourlyRate(rate.doubleValue()).setEarnings(earnings.doubleValue());
        total = total.add(earnings);
      }
      response.addResults(line);
    }
    return response.setTotalEarnings(total.doubleValue()).build();
  }

  public PayrollPayment markPaid(Caller caller, long userId, ReportQuery query) {
    if (userId <= 0) {
      throw ApiException.missingField("user_id");
    }
    return store.transactionResult(
        tx -> {
          BigDecimal rate =
              tx.select(USERS.HOURLY_RATE)
                  .from(USERS)
                  .where(USERS.ID.eq(userId))
                  .and(Scope.people(caller, USERS.ID))
                  .forUpdate()
                  .fetchOptional()
                  .orElseThrow(
                      () ->
                          new ApiException(
                              ErrorCode.NOT_FOUND, "User " + userId + " does not exist"))
                  .value1();
          if (rate == null) {
            throw ApiException.invalid("User " + userId + " has no hourly rate");
          }
          var overlapping =
              tx.select(PAYROLL_PAYMENTS.PERIOD_START, PAYROLL_PAYMENTS.PERIOD_END)
                  .from(PAYROLL_PAYMENTS)
                  .where(PAYROLL_PAYMENTS.USER_ID.eq(userId))
                  .and(PAYROLL_PAYMENTS.PERIOD_START.le(query.to()))
                  .and(PAYROLL_PAYMENTS.PERIOD_END.ge(query.from()))
                  .limit(1)
                  .fetchOptional();
          if (overlapping.isPresent()) {
            LocalDate start = overlapping.get().value1();
            LocalDate end = overlapping.get().value2();
            throw new ApiException(
                ErrorCode.CONFLICT,
                "User " + userId + " was already paid for " + start + " to " + end);
          }
          // the hours are read while the person's row is locked, so two payments cannot race
          long minutes =
              days
                  .totalsPerPerson(caller, new ReportQuery(query.from(), query.to(), 0, 0, userId))
                  .stream()
                  .mapToLong(p -> p.totals().workedMinutes())
                  .sum();
          BigDecimal worked = hours(minutes);
          BigDecimal amount = worked.multiply(rate).setScale(2, RoundingMode.HALF_UP);
          PayrollPaymentsRecord row =
              tx.insertInto(PAYROLL_PAYMENTS)
                  .set(PAYROLL_PAYMENTS.USER_ID, userId)
                  .set(PAYROLL_PAYMENTS.PERIOD_START, query.from())
                  .set(PAYROLL_PAYMENTS.PERIOD_END, query.to())
                  .set(PAYROLL_PAYMENTS.HOURS_WORKED, worked)
                  .set(PAYROLL_PAYMENTS.HOURLY_RATE, rate)
                  .set(PAYROLL_PAYMENTS.AMOUNT, amount)
                  .set(PAYROLL_PAYMENTS.PAID_BY, caller.userId())
                  .returning()
                  .fetchSingle();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("period_start", query.from().toString());
          details.put("period_end", query.to().toString());
          details.put("hours_worked", worked);
          details.put("hourly_rate", rate);
          details.put("amount", amount);
          details.put("payment_id", row.getId());
          store.audit(tx, caller.actor(), "payroll.mark_paid", "user", userId, details);
          return PayrollPayment.newBuilder()
              .setId(row.getId())
              .setUserId(userId)
              .setPeriodStart(row.getPeriodStart().toString())
              .setPeriodEnd(row.getPeriodEnd().toString())
              .setHoursWorked(worked.doubleValue())
              .setHourlyRate(rate.doubleValue())
              .setAmount(amount.doubleValue())
              .setPaidBy(caller.userId())
              .setPaidAt(row.getPaidAt().toString())
              .build();
        });
  }
}
