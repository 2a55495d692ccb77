package io.faceattend.server.reports;

import io.faceattend.proto.v1.Absentee;
import io.faceattend.proto.v1.AttendanceTotals;
import io.faceattend.proto.v1.DepartmentAttendance;
import io.faceattend.proto.v1.GetAttendanceReportResponse;
import io.faceattend.proto.v1.GetCheckInDistributionResponse;
import io.faceattend.proto.v1.GetDepartmentSummaryResponse;
import io.faceattend.proto.v1.GetSummaryResponse;
import io.faceattend.proto.v1.HourCount;
import io.faceattend.proto.v1.ListAbsenteesResponse;
import io.faceattend.proto.v1.PeriodSummary;
import io.faceattend.proto.v1.PersonAttendance;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JSON reports: per person totals over a period, and statistics per day, week or month. */
public record Reports(AttendanceDays days) {

  public AttendanceDays days() {
    return days;
  }

  public GetAttendanceReportResponse attendance(Caller caller, ReportQuery query) {
    List<AttendanceDays.PersonTotals> people = days.totalsPerPerson(caller, query);
    Totals all = new Totals();
    people.forEach(p -> all.add(p.totals()));
    GetAttendanceReportResponse.Builder response =
        GetAttendanceReportResponse.newBuilder()
            .setFrom(query.from().toString())
            .setTo(query.to().toString())
            .setCount(people.size())
            .setTotals(all.toProto());
    for (AttendanceDays.PersonTotals p : people) {
      DayRecord.PersonInfo person = p.person();
      PersonAttendance.Builder line =
          PersonAttendance.newBuilder()
              .setUserId(person.userId())
              .setName(person.name())
              .setTotals(p.totals().toProto());
      if (person.employeeId() != null) {
        line.setEmployeeId(person.employeeId());
      }
      if (person.department() != null) {
        line.setDepartment(person.department());
      }
      response.addResults(line);
    }
    return response.build();
  }

  /** Totals per department, by name, the people without one last. */
  public GetDepartmentSummaryResponse departments(Caller caller, ReportQuery query) {
    record Group(Long id, String name, long[] people, Totals totals) {}
    Map<Long, Group> groups = new HashMap<>();
    Totals all = new Totals();
    days.forEach(
        caller,
        query,
        AttendanceDays.Listener.of(
            person -> {
              groups.computeIfAbsent(
                      person.departmentId() == null ? NO_GROUP : person.departmentId(),
                      id ->
                          new Group(
                              person.departmentId(),
                              person.department(),
                              new long[1],
                              new Totals()))
                  .people()[0]++;
            },
            day -> {
              Long id = day.person().departmentId();
              groups.get(id == null ? NO_GROUP : id).totals().add(day);
              all.add(day);
            }));
    GetDepartmentSummaryResponse.Builder response =
        GetDepartmentSummaryResponse.newBuilder()
            .setFrom(query.from().toString())
            .setTo(query.to().toString())
            .setCount(groups.size())
            .setTotals(all.toProto());
    groups.values().stream()
        .sorted(
            Comparator.comparing((Group g) -> g.id() == null)
                .thenComparing(g -> g.name() == null ? "" : g.name().toLowerCase(Locale.ROOT))
                .thenComparing(g -> g.id() == null ? 0L : g.id()))
        .forEach(
            g -> {
              DepartmentAttendance.Builder line =
                  DepartmentAttendance.newBuilder()
                      .setPeople(g.people()[0])
                      .setTotals(g.totals().toProto());
              if (g.id() != null) {
                line.setDepartmentId(g.id()).setName(g.name());
              }
              response.addResults(line);
            });
    return response.build();
  }

  /** The key of the people without a department (ids are positive). */
  private static final long NO_GROUP = 0;

  public GetSummaryResponse summary(Caller caller, String period, ReportQuery query) {
    String kind = period == null ? "" : period.trim().toLowerCase(Locale.ROOT);
    if (kind.isEmpty()) {
      throw ApiException.missingField("period");
    }
    if (!kind.equals("daily") && !kind.equals("weekly") && !kind.equals("monthly")) {
      throw ApiException.invalid("period must be daily, weekly or monthly");
    }
    TreeMap<LocalDate, Totals> buckets = new TreeMap<>();
    for (LocalDate start = query.from(); !start.isAfter(query.to()); start = next(kind, start)) {
      buckets.put(start, new Totals());
    }
    Totals all = new Totals();
    long[] people = {0};
    days.forEach(
        caller,
        query,
        AttendanceDays.Listener.of(
            person -> {
              people[0]++;
            },
            day -> {
              buckets.floorEntry(day.date()).getValue().add(day);
              all.add(day);
            }));
    GetSummaryResponse.Builder response =
        GetSummaryResponse.newBuilder()
            .setPeriod(kind)
            .setPeople(people[0])
            .setTotals(all.toProto());
    // the trend: each period's attendance rate against the previous period that expected somebody
    // at work
    Double previousRate = null;
    for (Map.Entry<LocalDate, Totals> bucket : buckets.entrySet()) {
      LocalDate end = next(kind, bucket.getKey()).minusDays(1);
      AttendanceTotals totals = bucket.getValue().toProto();
      PeriodSummary.Builder line =
          PeriodSummary.newBuilder()
              .setPeriodStart(bucket.getKey().toString())
              .setPeriodEnd((end.isAfter(query.to()) ? query.to() : end).toString())
              .setTotals(totals);
      if (bucket.getValue().hasExpectedDays()) {
        if (previousRate != null) {
          line.setAttendanceRateChange(
              BigDecimal.valueOf(totals.getAttendanceRate())
                  .subtract(BigDecimal.valueOf(previousRate))
                  .setScale(4, RoundingMode.HALF_UP)
                  .doubleValue());
        }
        previousRate = totals.getAttendanceRate();
      }
      response.addResults(line);
    }
    return response.build();
  }

  public GetCheckInDistributionResponse checkInHours(Caller caller, ReportQuery query) {
    int[] hours = new int[24];
    days.forEach(
        caller,
        query,
        day -> {
          if (day.checkIn() != null) {
            hours[day.checkIn().getHour()]++;
          }
        });
    GetCheckInDistributionResponse.Builder response = GetCheckInDistributionResponse.newBuilder();
    int total = 0;
    for (int h = 0; h < 24; h++) {
      response.addHours(HourCount.newBuilder().setHour(h).setCheckIns(hours[h]));
      total += hours[h];
    }
    return response.setTotal(total).build();
  }

  public ListAbsenteesResponse absentees(
      Caller caller, String date, long departmentId, long siteId) {
    String day = date == null || date.isBlank() ? days.today().toString() : date;
    ReportQuery query = ReportQuery.parse(day, day, departmentId, siteId, 0);
    ListAbsenteesResponse.Builder response =
        ListAbsenteesResponse.newBuilder().setDate(query.from().toString());
    days.forEach(
        caller,
        query,
        record -> {
          if ("absent".equals(record.status())) {
            Absentee.Builder absentee =
                Absentee.newBuilder()
                    .setUserId(record.person().userId())
                    .setName(record.person().name());
            if (record.person().employeeId() != null) {
              absentee.setEmployeeId(record.person().employeeId());
            }
            if (record.person().department() != null) {
              absentee.setDepartment(record.person().department());
            }
            response.addResults(absentee);
          }
        },
        true);
    return response.setCount(response.getResultsCount()).build();
  }

  /** The first day of the period after the one containing {@code day}. */
  private static LocalDate next(String kind, LocalDate day) {
    return switch (kind) {
      case "daily" -> day.plusDays(1);
      case "weekly" -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
      default -> day.with(TemporalAdjusters.firstDayOfNextMonth());
    };
  }
}
