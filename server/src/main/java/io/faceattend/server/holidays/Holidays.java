package io.faceattend.server.holidays;

import static io.faceattend.db.jooq.Tables.HOLIDAYS;

import io.faceattend.proto.v1.Holiday;
import io.faceattend.proto.v1.ListHolidaysResponse;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.error.Fields;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The organisation's public holidays: set and removed by admins (audited), read by reports. */
public record Holidays(Store store) {

  public ListHolidaysResponse list(int year) {
    var where =
        year == 0
            ? DSL.noCondition()
            : HOLIDAYS.DAY.between(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    var results =
        store
            .db()
            .selectFrom(HOLIDAYS)
            .where(where)
            .orderBy(HOLIDAYS.DAY)
            .fetch(
                r ->
                    Holiday.newBuilder()
                        .setDate(r.getDay().toString())
                        .setName(r.getName())
                        .build());
    return ListHolidaysResponse.newBuilder()
        .setCount(results.size())
        .addAllResults(results)
        .build();
  }

  public Holiday set(Caller caller, String date, String name) {
    LocalDate day = Fields.isoDate("date", date);
    if (name == null || name.isBlank()) {
      throw ApiException.missingField("name");
    }
    String clean = name.trim();
    store.transaction(
        tx -> {
          tx.insertInto(HOLIDAYS)
              .set(HOLIDAYS.DAY, day)
              .set(HOLIDAYS.NAME, clean)
              .onConflict(HOLIDAYS.DAY)
              .doUpdate()
              .set(HOLIDAYS.NAME, clean)
              .execute();
          store.audit(tx, caller.actor(), "holiday.set", "holiday", day, Map.of("name", clean));
        });
    return Holiday.newBuilder().setDate(day.toString()).setName(clean).build();
  }

  public void delete(Caller caller, String date) {
    LocalDate day = Fields.isoDate("date", date);
    store.transaction(
        tx -> {
          if (tx.deleteFrom(HOLIDAYS).where(HOLIDAYS.DAY.eq(day)).execute() == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, day + " is not a holiday");
          }
          store.audit(tx, caller.actor(), "holiday.delete", "holiday", day, Map.of());
        });
  }

  /** The holidays between two days, inclusive. */
  public static Set<LocalDate> between(DSLContext db, LocalDate from, LocalDate to) {
    return new HashSet<>(
        db.select(HOLIDAYS.DAY)
            .from(HOLIDAYS)
            .where(HOLIDAYS.DAY.between(from, to))
            .fetch(HOLIDAYS.DAY));
  }
}
