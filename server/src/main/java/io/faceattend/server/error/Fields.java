package io.faceattend.server.error;

import io.faceattend.db.types.StatusLiteral;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Checks of request fields every domain class shares: ids, ISO dates, status filters, paging. Each
 * throws the documented code.
 */
public final class Fields {

  private Fields() {}

  /** A required id: missing_field when unset (0) or not positive. */
  public static long id(String field, long id) {
    if (id <= 0) {
      throw ApiException.missingField(field);
    }
    return id;
  }

  /** A required ISO date (yyyy-MM-dd). */
  public static LocalDate isoDate(String field, @Nullable String value) {
    LocalDate date = optionalIsoDate(field, value);
    if (date == null) {
      throw ApiException.missingField(field);
    }
    return date;
  }

  /** An optional ISO date (yyyy-MM-dd): null when blank, invalid_argument when not a date. */
  public static @Nullable LocalDate optionalIsoDate(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field + " must be an ISO date (yyyy-MM-dd)");
    }
  }

  /**
   * An optional status filter of a list: null when blank, else the status stored as {@code value};
   * invalid_argument naming the allowed texts when it is none of them.
   */
  public static <E extends Enum<E> & StatusLiteral> @Nullable E statusFilter(
      Class<E> type, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return StatusLiteral.parse(type, value)
        .orElseThrow(
            () -> ApiException.invalid("status must be one of " + StatusLiteral.literals(type)));
  }

  /**
   * One page of a list: 1-based number and size, as the request gave them or the list's defaults.
   */
  public record Page(int number, int size) {

    /**
     * From the request's {@code page} and page size (0 = default; larger than {@code maxSize} =
     * max); invalid_argument when negative. {@code sizeField} names the size field in the message.
     */
    public static Page of(int page, int size, String sizeField, int defaultSize, int maxSize) {
      if (page < 0 || size < 0) {
        throw ApiException.invalid("page and " + sizeField + " must be 1 or more");
      }
      return new Page(page == 0 ? 1 : page, size == 0 ? defaultSize : Math.min(size, maxSize));
    }

    /** Rows to skip. */
    public long offset() {
      return (long) (number - 1) * size;
    }
  }
}
