package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;

import io.faceattend.proto.v1.HistoryRecord;
import io.faceattend.proto.v1.ListHistoryResponse;
import io.faceattend.server.error.ApiException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** A user's attendance days, newest first, one page at a time. */
public final class History {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final DSLContext db;

  public History(DSLContext db) {
    this.db = db;
  }

  public ListHistoryResponse list(long userId, int page, int limit, String from, String to) {
    if (page < 0) {
      throw ApiException.invalid("page must be 1 or more");
    }
    if (limit < 0) {
      throw ApiException.invalid("limit must be 1 or more");
    }
    int pageNumber = page == 0 ? 1 : page;
    int pageSize = limit == 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    LocalDate fromDate = date("from", from);
    LocalDate toDate = date("to", to);
    if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
      throw ApiException.invalid("from must not be after to");
    }

    Condition filter = ATTENDANCE_PUNCHES.USER_ID.eq(userId);
    if (fromDate != null) {
      filter = filter.and(ATTENDANCE_PUNCHES.WORK_DATE.ge(fromDate));
    }
    if (toDate != null) {
      filter = filter.and(ATTENDANCE_PUNCHES.WORK_DATE.le(toDate));
    }
    long total = db.select(DSL.countDistinct(ATTENDANCE_PUNCHES.WORK_DATE)).from(ATTENDANCE_PUNCHES).where(filter)
        .fetchSingle().value1();
    List<LocalDate> days = db.selectDistinct(ATTENDANCE_PUNCHES.WORK_DATE)
        .from(ATTENDANCE_PUNCHES)
        .where(filter)
        .orderBy(ATTENDANCE_PUNCHES.WORK_DATE.desc())
        .limit(pageSize)
        .offset((long) (pageNumber - 1) * pageSize)
        .fetch(ATTENDANCE_PUNCHES.WORK_DATE);

    Map<LocalDate, HistoryRecord.Builder> records = new LinkedHashMap<>();
    days.forEach(day -> records.put(day, HistoryRecord.newBuilder().setDate(day.toString()).setWithinAllowedTime(true)));
    if (!days.isEmpty()) {
      for (var punch : db.selectFrom(ATTENDANCE_PUNCHES)
          .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
          .and(ATTENDANCE_PUNCHES.WORK_DATE.in(days))
          .fetch()) {
        HistoryRecord.Builder record = records.get(punch.getWorkDate());
        String local = punch.getPunchedAt().atZoneSameInstant(ZoneId.of(punch.getTimeZone()))
            .format(TodayStatus.HH_MM);
        if ("check_in".equals(punch.getKind())) {
          record.setCheckIn(local);
        } else {
          record.setCheckOut(local);
        }
        // a day is within the allowed time when every punch of it is
        record.setWithinAllowedTime(record.getWithinAllowedTime() && punch.getWithinAllowedTime());
      }
    }
    return ListHistoryResponse.newBuilder()
        .setPage(pageNumber)
        .setLimit(pageSize)
        .setTotal(total)
        .addAllRecords(records.values().stream().map(HistoryRecord.Builder::build).toList())
        .build();
  }

  private static LocalDate date(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field + " must be a date YYYY-MM-DD");
    }
  }
}
