package io.faceattend.server.people;

import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.proto.v1.ImportUsersResponse;
import io.faceattend.proto.v1.ImportedRow;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.users.UserAccounts;
import io.faceattend.server.users.UserFields;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.impl.DSL;

/**
 * Bulk import of people from CSV, all or nothing: every row is checked (fields, duplicates in the
 * file and in the database, departments) and a report says what failed and why; only when no row
 * failed are they all inserted, in one transaction. Columns (header row, any order): username,
 * email, name, role, and optionally employee_id, department (name), hourly_rate, password. Without
 * a password the account cannot sign in until an admin resets it.
 */
public record UserImport(Store store, UserAccounts users) {

  /** Most rows one import takes. */
  public static final int MAX_ROWS = 50_000;

  private static final List<String> REQUIRED = List.of("username", "email", "name", "role");

  private record Row(
      int line,
      String username,
      String email,
      String name,
      String role,
      String employeeId,
      Long departmentId,
      BigDecimal rate,
      String password,
      List<String> errors) {}

  public ImportUsersResponse importCsv(Caller caller, byte[] csv) {
    if (csv == null || csv.length == 0) {
      throw ApiException.missingField("file");
    }
    List<List<String>> records = parse(csv);
    if (records.isEmpty()) {
      throw ApiException.invalid("the file has no header row");
    }
    List<String> header =
        records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (String column : REQUIRED) {
      if (!header.contains(column)) {
        throw ApiException.invalid("the header lacks the column '" + column + "'");
      }
    }
    if (records.size() - 1 > MAX_ROWS) {
      throw ApiException.invalid("at most " + MAX_ROWS + " rows per import");
    }
    Map<String, Long> departments = new HashMap<>();
    store
        .db()
        .select(DEPARTMENTS.ID, DEPARTMENTS.NAME)
        .from(DEPARTMENTS)
        .forEach(r -> departments.put(r.value2().toLowerCase(Locale.ROOT), r.value1()));
    Set<String> usernames = new HashSet<>();
    Set<String> emails = new HashSet<>();
    Set<String> employeeIds = new HashSet<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> record = records.get(i);
      if (record.size() == 1 && record.get(0).isBlank()) {
        continue;
      }
      rows.add(check(i + 1, header, record, departments, usernames, emails, employeeIds));
    }
    markTaken(rows);
    int failed = (int) rows.stream().filter(r -> !r.errors().isEmpty()).count();
    ImportUsersResponse.Builder response =
        ImportUsersResponse.newBuilder().setTotal(rows.size()).setFailed(failed);
    for (Row row : rows) {
      response.addRows(
          ImportedRow.newBuilder()
              .setLine(row.line())
              .setUsername(row.username() == null ? "" : row.username())
              .setOk(row.errors().isEmpty())
              .addAllErrors(row.errors()));
    }
    if (failed > 0 || rows.isEmpty()) {
      return response.setImported(0).build();
    }
    // hashed before the transaction; rows without a password get one no password verifies against
    List<UserAccounts.Account> accounts =
        rows.stream()
            .map(
                row ->
                    new UserAccounts.Account(
                        row.username(),
                        row.email(),
                        row.name(),
                        row.role(),
                        users.passwordHash(row.password()),
                        row.employeeId(),
                        row.departmentId(),
                        row.rate()))
            .toList();
    store.transaction(
        tx -> {
          UserAccounts.insert(tx, accounts);
          store.audit(
              tx, caller.actor(), "user.import", "user", null, Map.of("imported", rows.size()));
        });
    return response.setImported(rows.size()).build();
  }

  private Row check(
      int line,
      List<String> header,
      List<String> record,
      Map<String, Long> departments,
      Set<String> usernames,
      Set<String> emails,
      Set<String> employeeIds) {
    Map<String, String> value = new HashMap<>();
    for (int c = 0; c < header.size() && c < record.size(); c++) {
      value.put(header.get(c), record.get(c).trim());
    }
    List<String> errors = new ArrayList<>();
    if (record.size() != header.size()) {
      errors.add("has " + record.size() + " columns, the header " + header.size());
    }
    String username = value.getOrDefault("username", "");
    String email = value.getOrDefault("email", "");
    String name = value.getOrDefault("name", "");
    String role = null;
    String employeeId = null;
    Long departmentId = null;
    BigDecimal rate = null;
    String password = value.getOrDefault("password", "");
    attempt(errors, () -> UserFields.require("username", username));
    if (!username.isEmpty()) {
      attempt(errors, () -> UserFields.checkUsername(username));
    }
    attempt(errors, () -> UserFields.email(email));
    attempt(errors, () -> UserFields.name(name));
    try {
      role = UserFields.role(UserFields.require("role", value.getOrDefault("role", "")));
    } catch (ApiException e) {
      errors.add(e.getMessage());
    }
    try {
      employeeId = UserFields.employeeId(value.get("employee_id"));
    } catch (ApiException e) {
      errors.add(e.getMessage());
    }
    String department = value.getOrDefault("department", "");
    if (!department.isEmpty()) {
      departmentId = departments.get(department.toLowerCase(Locale.ROOT));
      if (departmentId == null) {
        errors.add("department '" + department + "' does not exist");
      }
    }
    String rateText = value.getOrDefault("hourly_rate", "");
    if (!rateText.isEmpty()) {
      try {
        rate = UserFields.hourlyRate(Double.parseDouble(rateText));
      } catch (NumberFormatException e) {
        errors.add("hourly_rate is not a number");
      } catch (ApiException e) {
        errors.add(e.getMessage());
      }
    }
    if (!password.isEmpty()) {
      attempt(errors, () -> UserFields.checkPassword(password));
    }
    if (!username.isEmpty() && !usernames.add(username.toLowerCase(Locale.ROOT))) {
      errors.add("username '" + username + "' appears twice in the file");
    }
    if (!email.isEmpty() && !emails.add(email.toLowerCase(Locale.ROOT))) {
      errors.add("email '" + email + "' appears twice in the file");
    }
    if (employeeId != null && !employeeIds.add(employeeId.toLowerCase(Locale.ROOT))) {
      errors.add("employee_id '" + employeeId + "' appears twice in the file");
    }
    return new Row(
        line,
        username,
        email,
        name,
        role,
        employeeId,
        departmentId,
        rate,
        password.isEmpty() ? null : password,
        errors);
  }

  /**
   * Adds an error to every row whose username, e-mail or employee id is already in the database.
   */
  private void markTaken(List<Row> rows) {
    Set<String> takenUsernames = new HashSet<>();
    Set<String> takenEmails = new HashSet<>();
    Set<String> takenEmployeeIds = new HashSet<>();
    for (int from = 0; from < rows.size(); from += 1000) {
      List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + 1000));
      store
          .db()
          .select(DSL.lower(USERS.USERNAME), DSL.lower(USERS.EMAIL), DSL.lower(USERS.EMPLOYEE_ID))
          .from(USERS)
          .where(
              DSL.lower(USERS.USERNAME)
                  .in(chunk.stream().map(r -> r.username().toLowerCase(Locale.ROOT)).toList())
                  .or(
                      DSL.lower(USERS.EMAIL)
                          .in(chunk.stream().map(r -> r.email().toLowerCase(Locale.ROOT)).toList()))
                  .or(
                      DSL.lower(USERS.EMPLOYEE_ID)
                          .in(
                              chunk.stream()
                                  .filter(r -> r.employeeId() != null)
                                  .map(r -> r.employeeId().toLowerCase(Locale.ROOT))
                                  .toList())))
          .forEach(
              r -> {
                takenUsernames.add(r.value1());
                takenEmails.add(r.value2());
                if (r.value3() != null) {
                  takenEmployeeIds.add(r.value3());
                }
              });
    }
    for (Row row : rows) {
      if (takenUsernames.contains(row.username().toLowerCase(Locale.ROOT))) {
        row.errors().add("username '" + row.username() + "' is already taken");
      }
      if (takenEmails.contains(row.email().toLowerCase(Locale.ROOT))) {
        row.errors().add("email '" + row.email() + "' is already registered");
      }
      if (row.employeeId() != null
          && takenEmployeeIds.contains(row.employeeId().toLowerCase(Locale.ROOT))) {
        row.errors().add("employee_id '" + row.employeeId() + "' is already used");
      }
    }
  }

  private static void attempt(List<String> errors, Runnable check) {
    try {
      check.run();
    } catch (ApiException e) {
      errors.add(e.getMessage());
    }
  }

  /**
   * RFC 4180: commas, double-quoted fields with "" escapes and line breaks; a UTF-8 byte order mark
   * is skipped.
   */
  static List<List<String>> parse(byte[] bytes) {
    List<List<String>> records = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      int c = in.read();
      if (c == 0xfeff) {
        c = in.read();
      }
      for (; c != -1; c = in.read()) {
        any = true;
        char ch = (char) c;
        if (quoted) {
          if (ch == '"') {
            in.mark(1);
            int next = in.read();
            if (next == '"') {
              field.append('"');
            } else {
              quoted = false;
              if (next != -1) {
                in.reset();
              }
            }
          } else {
            field.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (ch == '\n' || ch == '\r') {
          if (ch == '\r') {
            in.mark(1);
            if (in.read() != '\n') {
              in.reset();
            }
          }
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
          any = false;
        } else {
          field.append(ch);
        }
      }
      if (quoted) {
        throw ApiException.invalid("the file ends inside a quoted field");
      }
      if (any) {
        record.add(field.toString());
        records.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }
}
