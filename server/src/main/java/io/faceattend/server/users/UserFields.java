package io.faceattend.server.users;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.error.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * The one validator of a user's fields, shared by every writer (accounts, people administration,
 * CSV import): each method returns the cleaned value or throws the documented {@code
 * invalid_argument}/{@code missing_field}.
 */
public final class UserFields {

  public static final int MIN_PASSWORD_LENGTH = 8;
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
  // deliberately loose: one @, something on each side, a dot in the domain
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern EMPLOYEE_ID = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

  private UserFields() {}

  /** The trimmed value; missing_field when null or blank. */
  public static String require(String field, String value) {
    if (blank(value)) {
      throw ApiException.missingField(field);
    }
    return value.trim();
  }

  public static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * A new user's required fields, trimmed and checked: every missing field is reported before a
   * malformed one.
   */
  public record Required(String username, String email, String name) {

    public static Required of(String username, String email, String name, String password) {
      Required fields =
          new Required(
              require("username", username), require("email", email), require("name", name));
      checkUsername(fields.username());
      UserFields.email(fields.email());
      UserFields.name(fields.name());
      checkPassword(password);
      return fields;
    }
  }

  /** For an already trimmed, present username. */
  public static void checkUsername(String username) {
    if (!USERNAME.matcher(username).matches()) {
      throw ApiException.invalid("username must be 3-64 letters, digits, '.', '_' or '-'");
    }
  }

  public static String email(String value) {
    String email = require("email", value);
    if (!EMAIL.matcher(email).matches() || email.length() > 254) {
      throw ApiException.invalid("email is not a valid e-mail address");
    }
    return email;
  }

  public static String name(String value) {
    String name = require("name", value);
    if (name.length() > 200) {
      throw ApiException.invalid("name is longer than 200 characters");
    }
    return name;
  }

  public static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw ApiException.invalid(
          "password must be at least " + MIN_PASSWORD_LENGTH + " characters");
    }
  }

  /** A role as the database stores it, from its wire name ("admin", "ROLE_ADMIN"...). */
  public static String role(String value) {
    try {
      return Roles.toDb(Roles.parse(value));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("role must be admin, manager or employee");
    }
  }

  /** A role as the database stores it; missing_field when unset. */
  public static String role(Role role) {
    if (role == null || role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED) {
      throw ApiException.missingField("role");
    }
    return Roles.toDb(role);
  }

  /** Null when not given. */
  public static String employeeId(String value) {
    if (blank(value)) {
      return null;
    }
    String id = value.trim();
    if (!EMPLOYEE_ID.matcher(id).matches()) {
      throw ApiException.invalid("employee_id must be 1-64 letters, digits, '.', '_', '/' or '-'");
    }
    return id;
  }

  /** Null when not given; two decimals. */
  public static BigDecimal hourlyRate(Double value) {
    if (value == null) {
      return null;
    }
    if (value.isNaN() || value < 0 || value > 1_000_000) {
      throw ApiException.invalid("hourly_rate must be between 0 and 1000000");
    }
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
  }
}
