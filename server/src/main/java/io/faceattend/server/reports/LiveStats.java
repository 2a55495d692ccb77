package io.faceattend.server.reports;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.NOTIFICATIONS;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.WEBHOOK_DELIVERIES;

import io.faceattend.db.types.DeliveryStatus;
import io.faceattend.db.types.NotificationStatus;
import io.faceattend.proto.v1.CameraStatus;
import io.faceattend.proto.v1.GetPatternsResponse;
import io.faceattend.proto.v1.GetRealtimeResponse;
import io.faceattend.proto.v1.SystemHealth;
import io.faceattend.proto.v1.WeekdayPattern;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.Fields;
import io.faceattend.server.people.Scope;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Live dashboard numbers and weekday patterns, computed at each call from the same days as the
 * reports ({@link AttendanceDays}: schedules, holidays, absences, corrections), so they agree with
 * them and a check-in counts at once.
 *
 * @param cameras the enabled cameras by state (cameras/CameraSupervisor)
 */
public record LiveStats(DSLContext db, AttendanceDays days, Supplier<CameraStatus> cameras) {

  private static final int DEFAULT_PATTERN_WEEKS = 8;

  public GetRealtimeResponse realtime(Caller caller) {
    LocalDate today = days.today();
    int[] counts = new int[4]; // occupancy, attendance, expected, late
    int[] hours = new int[24];
    days.forEach(
        caller,
        new ReportQuery(today, today, 0, 0, 0),
        day -> {
          if (!day.date().equals(today)) {
            return;
          }
          if (day.workingDay() && !"excused".equals(day.status())) {
            counts[2]++;
          }
          if (day.present()) {
            counts[1]++;
            hours[day.checkIn().getHour()]++;
            if (day.checkOut() == null) {
              counts[0]++;
            }
            if ("late".equals(day.status())) {
              counts[3]++;
            }
          }
        },
        true);
    GetRealtimeResponse.Builder response =
        GetRealtimeResponse.newBuilder()
            .setCurrentOccupancy(counts[0])
            .setTodayAttendance(counts[1])
            .setExpectedToday(counts[2])
            .setLateToday(counts[3])
            .setCameraStatus(cameras.get())
            .setSystemHealth(health());
    peakHour(hours).ifPresent(response::setPeakHour);
    BigDecimal avg =
        db.select(DSL.avg(ATTENDANCE_PUNCHES.PROCESSING_MS))
            .from(ATTENDANCE_PUNCHES)
            .where(ATTENDANCE_PUNCHES.WORK_DATE.eq(today))
            .and(ATTENDANCE_PUNCHES.PROCESSING_MS.isNotNull())
            .and(Scope.reportPeople(caller, 0, ATTENDANCE_PUNCHES.USER_ID))
            .fetchOne(0, BigDecimal.class);
    if (avg != null) {
      response.setAvgProcessingMs(Math.round(avg.doubleValue() * 10) / 10.0);
    }
    return response.build();
  }

  private SystemHealth health() {
    long started = System.nanoTime();
    try {
      db.selectOne().fetch();
      double latency = (System.nanoTime() - started) / 1_000_000.0;
      return SystemHealth.newBuilder()
          .setDatabase("healthy")
          .setDatabaseLatencyMs(Math.round(latency * 100) / 100.0)
          .setOutboxPending(db.fetchCount(OUTBOX_EVENTS, OUTBOX_EVENTS.FANNED_OUT_AT.isNull()))
          .setWebhookDeliveriesPending(
              db.fetchCount(
                  WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.STATUS.eq(DeliveryStatus.PENDING)))
          .setWebhookDeliveriesDead(
              db.fetchCount(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.STATUS.eq(DeliveryStatus.DEAD)))
          .setNotificationsPending(
              db.fetchCount(NOTIFICATIONS, NOTIFICATIONS.STATUS.eq(NotificationStatus.PENDING)))
          .build();
    } catch (RuntimeException e) {
      return SystemHealth.newBuilder().setDatabase("unhealthy").build();
    }
  }

  public GetPatternsResponse patterns(Caller caller, String from, String to) {
    LocalDate last = date("to", to, days.today());
    LocalDate first = date("from", from, last.minusWeeks(DEFAULT_PATTERN_WEEKS).plusDays(1));
    if (last.isBefore(first)) {
      throw ApiException.invalid("from must not be after to");
    }
    if (ChronoUnit.DAYS.between(first, last) >= ReportQuery.MAX_DAYS) {
      throw ApiException.invalid("a period covers at most " + ReportQuery.MAX_DAYS + " days");
    }
    Map<DayOfWeek, Integer> present = new EnumMap<>(DayOfWeek.class);
    Map<DayOfWeek, int[]> hours = new EnumMap<>(DayOfWeek.class);
    days.forEach(
        caller,
        new ReportQuery(first, last, 0, 0, 0),
        day -> {
          if (day.present()) {
            DayOfWeek weekday = day.date().getDayOfWeek();
            present.merge(weekday, 1, Integer::sum);
            hours.computeIfAbsent(weekday, k -> new int[24])[day.checkIn().getHour()]++;
          }
        });
    GetPatternsResponse.Builder response =
        GetPatternsResponse.newBuilder().setFrom(first.toString()).setTo(last.toString());
    for (DayOfWeek weekday : DayOfWeek.values()) {
      int count =
          (int) first.datesUntil(last.plusDays(1)).filter(d -> d.getDayOfWeek() == weekday).count();
      WeekdayPattern.Builder pattern =
          WeekdayPattern.newBuilder()
              .setDays(count)
              .setAvgAttendance(
                  count == 0
                      ? 0
                      : Math.round(present.getOrDefault(weekday, 0) * 100.0 / count) / 100.0);
      peakHour(hours.getOrDefault(weekday, new int[24])).ifPresent(pattern::setPeakHour);
      response.putDailyPatterns(weekday.name().toLowerCase(Locale.ROOT), pattern.build());
    }
    return response.build();
  }

  /** The busiest hour as "09:00" (the earliest of ties); empty without check-ins. */
  private static Optional<String> peakHour(int[] hours) {
    int best = -1;
    for (int hour = 0; hour < 24; hour++) {
      if (hours[hour] > 0 && (best < 0 || hours[hour] > hours[best])) {
        best = hour;
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "%02d:00", best));
  }

  private static LocalDate date(String field, String value, LocalDate fallback) {
    LocalDate date = Fields.optionalIsoDate(field, value);
    return date == null ? fallback : date;
  }
}
