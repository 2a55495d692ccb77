package io.faceattend.server.attendance;

import io.faceattend.server.schedule.WorkSchedule;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Which work day a moment belongs to. Normally its calendar day; the morning after an overnight
 * shift (end before start, e.g. 22:00-06:00) it is the day the shift started:
 *
 * <ul>
 *   <li>while that shift is open (checked in, not out) and it is less than {@link
 *       #CHECK_OUT_WINDOW} after the shift's end: the check-out and the status belong to it;
 *   <li>while nobody has checked in to it and its end has not come: a (late) check-in belongs to
 *       it.
 * </ul>
 */
public final class WorkDays {

  /** How long after an overnight shift's end a check-out still closes it (overtime included). */
  public static final Duration CHECK_OUT_WINDOW = Duration.ofHours(8);

  private WorkDays() {}

  /** The work day of a punch or status read at local time {@code now} for the user. */
  public static LocalDate of(
      DSLContext db, long userId, Optional<WorkSchedule> schedule, LocalDateTime now) {
    LocalDate today = now.toLocalDate();
    LocalDate yesterday = today.minusDays(1);
    Optional<WorkSchedule.Shift> night =
        schedule.flatMap(s -> s.shiftOn(yesterday)).filter(WorkSchedule.Shift::overnight);
    if (night.isEmpty()) {
      return today;
    }
    LocalDateTime end = night.get().endOn(yesterday);
    TodayPunches previous = TodayPunches.of(db, userId, yesterday);
    if (previous.checkIn().isPresent()) {
      boolean open = previous.checkOut().isEmpty();
      return open && now.isBefore(end.plus(CHECK_OUT_WINDOW)) ? yesterday : today;
    }
    return now.isBefore(end) ? yesterday : today;
  }
}
