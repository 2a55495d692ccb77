package io.faceattend.server.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's working time: working days, default hours, per-weekday shifts, grace and the overtime
 * threshold. A check-in is within the allowed time up to {@code start + grace}; a check-out from
 * {@code end - grace} on. Times are compared as local date-times of the work day, so a shift
 * running past midnight works the same way.
 *
 * @param overtimeAfterMinutes time worked on a working day beyond this is overtime; null = the
 *     shift's length
 * @param shifts hours of the weekdays that differ from {@code start}/{@code end}
 */
public record WorkSchedule(
    Set<DayOfWeek> workingDays,
    LocalTime start,
    LocalTime end,
    int graceMinutes,
    Integer overtimeAfterMinutes,
    Map<DayOfWeek, Shift> shifts) {

  public WorkSchedule {
    workingDays = Set.copyOf(workingDays);
    shifts = Map.copyOf(shifts);
  }

  /** Hours of one day; when {@code end} is not after {@code start} the shift ends the next day. */
  public record Shift(LocalTime start, LocalTime end) {

    public boolean overnight() {
      return !end.isAfter(start);
    }

    public LocalDateTime startOn(LocalDate workDate) {
      return workDate.atTime(start);
    }

    public LocalDateTime endOn(LocalDate workDate) {
      return (overnight() ? workDate.plusDays(1) : workDate).atTime(end);
    }

    public long minutes() {
      return Duration.between(startOn(LocalDate.EPOCH), endOn(LocalDate.EPOCH)).toMinutes();
    }
  }

  public boolean isWorkingDay(LocalDate date) {
    return workingDays.contains(date.getDayOfWeek());
  }

  /** The hours of a working day; empty on a day off. */
  public Optional<Shift> shiftOn(LocalDate workDate) {
    if (!isWorkingDay(workDate)) {
      return Optional.empty();
    }
    return Optional.of(shifts.getOrDefault(workDate.getDayOfWeek(), new Shift(start, end)));
  }

  /** Minutes of work on {@code workDate} after which time is overtime; a day off has none. */
  public long overtimeAfterMinutes(LocalDate workDate) {
    return shiftOn(workDate)
        .map(s -> overtimeAfterMinutes == null ? s.minutes() : overtimeAfterMinutes)
        .orElse(0L);
  }

  /**
   * Minutes a check-in at {@code local} is after {@code start + grace} of the work day; 0 when in
   * time.
   */
  public int lateMinutes(LocalDate workDate, LocalDateTime local) {
    return shiftOn(workDate)
        .map(s -> minutesAfter(s.startOn(workDate).plusMinutes(graceMinutes), local))
        .orElse(0);
  }

  /**
   * Minutes a check-out at {@code local} is before {@code end - grace} of the work day; 0 when in
   * time.
   */
  public int earlyLeaveMinutes(LocalDate workDate, LocalDateTime local) {
    return shiftOn(workDate)
        .map(s -> minutesAfter(local, s.endOn(workDate).minusMinutes(graceMinutes)))
        .orElse(0);
  }

  public boolean checkInWithinTime(LocalDate workDate, LocalDateTime local) {
    return lateMinutes(workDate, local) == 0;
  }

  public boolean checkOutWithinTime(LocalDate workDate, LocalDateTime local) {
    return earlyLeaveMinutes(workDate, local) == 0;
  }

  /**
   * Whole minutes (rounded up) from {@code from} to {@code to}; 0 when {@code to} is not after
   * {@code from}.
   */
  private static int minutesAfter(LocalDateTime from, LocalDateTime to) {
    if (!to.isAfter(from)) {
      return 0;
    }
    return (int) Math.ceil(Duration.between(from, to).toSeconds() / 60.0);
  }
}
