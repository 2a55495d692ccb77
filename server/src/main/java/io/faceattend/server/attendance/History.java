package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_CORRECTIONS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;

import io.faceattend.proto.v1.HistoryRecord;
import io.faceattend.proto.v1.ListHistoryResponse;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.Fields;
import io.faceattend.server.reports.DayPunches;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A user's attendance days, newest first, one page at a time, with the times that count ({@link
 * DayPunches}: an admin's correction or manual mark replaces the punch, as in reports and payroll).
 */
public record History(DSLContext db) {

  private static final String WORK_DATE = "work_date";

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public ListHistoryResponse list(long userId, int page, int limit, String from, String to) {
    if (page < 0) {
      throw ApiException.invalid("page must be 1 or more");
    }
    if (limit < 0) {
      throw ApiException.invalid("limit must be 1 or more");
    }
    int pageNumber = page == 0 ? 1 : page;
    int pageSize = limit == 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    LocalDate fromDate = Fields.optionalIsoDate("from", from);
    LocalDate toDate = Fields.optionalIsoDate("to", to);
    if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
      throw ApiException.invalid("from must not be after to");
    }

    // a day is in the history when it has a punch or an admin's correction / manual mark
    Table<Record1<LocalDate>> dates =
        DSL.select(ATTENDANCE_PUNCHES.WORK_DATE.as(WORK_DATE))
            .from(ATTENDANCE_PUNCHES)
            .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
            .union(
                DSL.select(ATTENDANCE_CORRECTIONS.WORK_DATE.as(WORK_DATE))
                    .from(ATTENDANCE_CORRECTIONS)
                    .where(ATTENDANCE_CORRECTIONS.USER_ID.eq(userId)))
            .asTable("days");
    Field<LocalDate> day = dates.field(WORK_DATE, LocalDate.class);
    Condition filter = DSL.noCondition();
    if (fromDate != null) {
      filter = filter.and(day.ge(fromDate));
    }
    if (toDate != null) {
      filter = filter.and(day.le(toDate));
    }
    long total = db.fetchCount(dates, filter);
    List<LocalDate> days =
        db.select(day)
            .from(dates)
            .where(filter)
            .orderBy(day.desc())
            .limit(pageSize)
            .offset((long) (pageNumber - 1) * pageSize)
            .fetch(day);

    List<HistoryRecord> records = new ArrayList<>();
    if (!days.isEmpty()) {
      LocalDate first = days.get(days.size() - 1);
      LocalDate last = days.get(0);
      // the times that count, as reports count them (corrections replace punches)
      Map<LocalDate, DayPunches.Day> counted =
          DayPunches.of(db, List.of(userId), first, last, ZoneOffset.UTC)
              .getOrDefault(userId, Map.of());
      Map<LocalDate, Boolean> allowed = new HashMap<>();
      for (var punch :
          db.select(
                  ATTENDANCE_PUNCHES.WORK_DATE,
                  ATTENDANCE_PUNCHES.KIND,
                  ATTENDANCE_PUNCHES.WITHIN_ALLOWED_TIME)
              .from(ATTENDANCE_PUNCHES)
              .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
              .and(ATTENDANCE_PUNCHES.WORK_DATE.in(days))
              .fetch()) {
        DayPunches.Day counts = counted.getOrDefault(punch.value1(), DayPunches.Day.EMPTY);
        boolean replaced =
            ("check_in".equals(punch.value2()) ? counts.checkIn() : counts.checkOut())
                .map(DayPunches.Punch::corrected)
                .orElse(false);
        // a day is within the allowed time when every punch that still counts is; an admin's time
        // is
        allowed.merge(punch.value1(), replaced || punch.value3(), Boolean::logicalAnd);
      }
      for (LocalDate date : days) {
        DayPunches.Day counts = counted.getOrDefault(date, DayPunches.Day.EMPTY);
        HistoryRecord.Builder record =
            HistoryRecord.newBuilder()
                .setDate(date.toString())
                .setWithinAllowedTime(allowed.getOrDefault(date, true));
        counts.checkIn().ifPresent(p -> record.setCheckIn(p.zoned().format(TodayStatus.HH_MM)));
        counts.checkOut().ifPresent(p -> record.setCheckOut(p.zoned().format(TodayStatus.HH_MM)));
        records.add(record.build());
      }
    }
    return ListHistoryResponse.newBuilder()
        .setPage(pageNumber)
        .setLimit(pageSize)
        .setTotal(total)
        .addAllRecords(records)
        .build();
  }
}
