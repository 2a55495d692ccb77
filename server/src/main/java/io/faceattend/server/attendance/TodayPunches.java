package io.faceattend.server.attendance;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.jooq.DSLContext;

/** A user's check-in and check-out of one work day, each as local time in the zone it was punched in. */
public record TodayPunches(Optional<ZonedDateTime> checkIn, Optional<ZonedDateTime> checkOut) {

  public static TodayPunches of(DSLContext db, long userId, LocalDate workDate) {
    ZonedDateTime in = null;
    ZonedDateTime out = null;
    for (var row : db.select(ATTENDANCE_PUNCHES.KIND, ATTENDANCE_PUNCHES.PUNCHED_AT, ATTENDANCE_PUNCHES.TIME_ZONE)
        .from(ATTENDANCE_PUNCHES)
        .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
        .and(ATTENDANCE_PUNCHES.WORK_DATE.eq(workDate))
        .fetch()) {
      OffsetDateTime at = row.value2();
      ZonedDateTime local = at.atZoneSameInstant(ZoneId.of(row.value3()));
      if ("check_in".equals(row.value1())) {
        in = local;
      } else {
        out = local;
      }
    }
    return new TodayPunches(Optional.ofNullable(in), Optional.ofNullable(out));
  }
}
