package io.faceattend.server.attendance;

import io.faceattend.server.reports.DayPunches;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * A user's check-in and check-out of one work day, each as local time in the zone it was punched
 * in; as {@link DayPunches} counts them, so an admin's correction or manual mark shows in the app
 * as in reports.
 */
public record TodayPunches(Optional<ZonedDateTime> checkIn, Optional<ZonedDateTime> checkOut) {

  public static TodayPunches of(DSLContext db, long userId, LocalDate workDate) {
    DayPunches.Day day = DayPunches.of(db, userId, workDate, ZoneOffset.UTC);
    return new TodayPunches(
        day.checkIn().map(DayPunches.Punch::zoned), day.checkOut().map(DayPunches.Punch::zoned));
  }
}
