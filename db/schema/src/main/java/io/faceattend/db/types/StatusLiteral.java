package io.faceattend.db.types;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.EnumType;

/**
 * A status column's value: the constant is the stored text upper-cased ({@code first_login} is
 * {@code FIRST_LOGIN}). jOOQ's enum converter stores {@link #getLiteral()}, so the database and the
 * wire keep the existing lower-case strings.
 */
public interface StatusLiteral extends EnumType {

  /** The enum constant's name (every implementation is an enum). */
  String name();

  @Override
  default String getLiteral() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  default String getName() {
    return getClass().getSimpleName();
  }

  /** The constant stored as {@code literal}, if any (API filters and request fields). */
  static <E extends Enum<E> & StatusLiteral> Optional<E> parse(Class<E> type, String literal) {
    return Arrays.stream(type.getEnumConstants())
        .filter(value -> value.getLiteral().equals(literal))
        .findFirst();
  }

  /** The stored texts of {@code type}, in declaration order (for error messages). */
  static <E extends Enum<E> & StatusLiteral> List<String> literals(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(StatusLiteral::getLiteral).toList();
  }
}
