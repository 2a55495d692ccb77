package io.faceattend.server.reports;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.Fields;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The filters of a report: an inclusive date range and optionally a group, a site or one person.
 */
public record ReportQuery(
    LocalDate from, LocalDate to, long departmentId, long siteId, long userId) {

  /** Longest range one report covers. */
  public static final int MAX_DAYS = 366;

  public static ReportQuery parse(
      String from, String to, long departmentId, long siteId, long userId) {
    LocalDate first = Fields.isoDate("from", from);
    LocalDate last = Fields.isoDate("to", to);
    if (last.isBefore(first)) {
      throw ApiException.invalid("from must not be after to");
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw ApiException.invalid("a report covers at most " + MAX_DAYS + " days");
    }
    if (departmentId < 0 || siteId < 0 || userId < 0) {
      throw ApiException.invalid("ids must be positive");
    }
    return new ReportQuery(first, last, departmentId, siteId, userId);
  }
}
