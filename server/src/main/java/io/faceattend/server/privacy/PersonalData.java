package io.faceattend.server.privacy;

import static io.faceattend.db.jooq.Tables.ABSENCE_REQUESTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_CORRECTIONS;
import static io.faceattend.db.jooq.Tables.ATTENDANCE_PUNCHES;
import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.AUTH_SESSIONS;
import static io.faceattend.db.jooq.Tables.DEPARTMENT_MANAGERS;
import static io.faceattend.db.jooq.Tables.DEVICE_TOKENS;
import static io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS;
import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.IDEMPOTENT_REQUESTS;
import static io.faceattend.db.jooq.Tables.LOGIN_EVENTS;
import static io.faceattend.db.jooq.Tables.NOTIFICATIONS;
import static io.faceattend.db.jooq.Tables.NOTIFICATION_PREFERENCES;
import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.PAYROLL_PAYMENTS;
import static io.faceattend.db.jooq.Tables.PERSON_CONTACTS;
import static io.faceattend.db.jooq.Tables.SCHEDULES;
import static io.faceattend.db.jooq.Tables.SITE_MEMBERS;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.db.jooq.Tables.USER_CONSENTS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONFormat;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Everything held about one person: exported as a ZIP of JSON files with a README (GDPR art. 15 and
 * 20), or erased (art. 17). The list of tables lives here once, so export and erasure cannot drift
 * apart: a table that holds a person's data is either exported and erased here, or documented below
 * as kept.
 *
 * <p>Erasure destroys the face templates, enrolment photos, absence evidence, contacts, device
 * tokens, sessions, login history and refused attempts, and replaces the name, username and e-mail
 * by a pseudonym; attendance, corrections, absences (without evidence) and payroll stay under the
 * pseudonym for payroll and legal retention; consent records stay as the proof of lawful
 * processing. The identification gallery drops the person at once: deleting their templates and
 * deactivating them fire the {@code identification_changes} triggers (migration V40) that every
 * node follows, and every identification catches up before it answers.
 */
public record PersonalData(Store store, PasswordHasher hasher) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Columns never exported: secrets, and sealed biometric data (described in the README). */
  private static final Set<Field<?>> NOT_EXPORTED =
      Set.of(
          USERS.PASSWORD_HASH,
          FACE_TEMPLATES.CIPHERTEXT,
          ENROLLMENTS.PHOTO_CIPHERTEXT,
          ABSENCE_REQUESTS.EVIDENCE,
          IDEMPOTENT_REQUESTS.RESPONSE,
          ATTENDANCE_PUNCHES.IMAGE_SHA256,
          DEVICE_TOKENS.TOKEN);

  /** An export: its file name and the ZIP's bytes. */
  public record Export(String fileName, byte[] zip) {}

  /** The person's data as a ZIP (the caller's own, or any person's for an admin); audited. */
  public Export export(Caller caller, long userId) {
    if (userId != caller.userId() && !caller.isAdmin()) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Only an administrator exports another person");
    }
    return store.transactionResult(
        tx -> {
          UsersRecord user =
              tx.selectFrom(USERS)
                  .where(USERS.ID.eq(userId))
                  .fetchOptional()
                  .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "User not found"));
          Map<String, String> files = new LinkedHashMap<>();
          files.put("profile.json", json(tx, USERS, USERS.ID.eq(userId)));
          files.put(
              "punches.json", json(tx, ATTENDANCE_PUNCHES, ATTENDANCE_PUNCHES.USER_ID.eq(userId)));
          files.put(
              "attempts.json",
              json(tx, ATTENDANCE_ATTEMPTS, ATTENDANCE_ATTEMPTS.USER_ID.eq(userId)));
          files.put(
              "corrections.json",
              json(tx, ATTENDANCE_CORRECTIONS, ATTENDANCE_CORRECTIONS.USER_ID.eq(userId)));
          files.put(
              "absences.json", json(tx, ABSENCE_REQUESTS, ABSENCE_REQUESTS.USER_ID.eq(userId)));
          files.put(
              "payroll.json", json(tx, PAYROLL_PAYMENTS, PAYROLL_PAYMENTS.USER_ID.eq(userId)));
          files.put("consents.json", json(tx, USER_CONSENTS, USER_CONSENTS.USER_ID.eq(userId)));
          files.put("enrolments.json", json(tx, ENROLLMENTS, ENROLLMENTS.USER_ID.eq(userId)));
          files.put(
              "face_templates.json", json(tx, FACE_TEMPLATES, FACE_TEMPLATES.USER_ID.eq(userId)));
          files.put("schedule.json", json(tx, SCHEDULES, SCHEDULES.USER_ID.eq(userId)));
          files.put("sites.json", json(tx, SITE_MEMBERS, SITE_MEMBERS.USER_ID.eq(userId)));
          files.put("sessions.json", json(tx, AUTH_SESSIONS, AUTH_SESSIONS.USER_ID.eq(userId)));
          files.put("login_events.json", json(tx, LOGIN_EVENTS, LOGIN_EVENTS.USER_ID.eq(userId)));
          files.put("contacts.json", json(tx, PERSON_CONTACTS, PERSON_CONTACTS.USER_ID.eq(userId)));
          files.put("devices.json", json(tx, DEVICE_TOKENS, DEVICE_TOKENS.USER_ID.eq(userId)));
          files.put(
              "notification_preferences.json",
              json(tx, NOTIFICATION_PREFERENCES, NOTIFICATION_PREFERENCES.USER_ID.eq(userId)));
          files.put(
              "notifications.json", json(tx, NOTIFICATIONS, NOTIFICATIONS.USER_ID.eq(userId)));
          files.put("audit.json", json(tx, AUDIT_LOG, aboutOrBy(userId)));
          Map<String, byte[]> evidence = new LinkedHashMap<>();
          for (var absence :
              tx.select(
                      ABSENCE_REQUESTS.ID,
                      ABSENCE_REQUESTS.EVIDENCE,
                      ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE)
                  .from(ABSENCE_REQUESTS)
                  .where(ABSENCE_REQUESTS.USER_ID.eq(userId))
                  .and(ABSENCE_REQUESTS.EVIDENCE.isNotNull())
                  .fetch()) {
            String extension =
                switch (String.valueOf(absence.value3())) {
                  case "application/pdf" -> "pdf";
                  case "image/png" -> "png";
                  default -> "jpg";
                };
            evidence.put(
                "evidence/absence-" + absence.value1() + "." + extension, absence.value2());
          }
          store.audit(
              tx,
              caller.actor(),
              userId == caller.userId() ? "user.export_own" : "user.export",
              "user",
              userId,
              Map.of("files", files.size() + evidence.size()));
          return new Export(
              "faceattend-export-user-" + userId + ".zip",
              zip(readme(user, files.keySet(), evidence.keySet()), files, evidence));
        });
  }

  /** The erasure's outcome. */
  public record Erased(String pseudonym, OffsetDateTime erasedAt) {}

  /** Erases a person (see the class comment); audited without the erased data. */
  public Erased erase(Caller admin, long userId, String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiException.missingField("reason");
    }
    String why = reason.trim();
    if (why.length() > 500) {
      throw ApiException.invalid("reason is longer than 500 characters");
    }
    if (userId == admin.userId()) {
      throw ApiException.invalid("You cannot erase your own account");
    }
    OffsetDateTime now = store.now();
    String pseudonym = "erased-" + userId;
    // an unusable password: a hash of random bytes nobody knows
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String unusable = hasher.hash(Base64.getEncoder().encodeToString(random));
    store.transaction(
        tx -> {
          UsersRecord user =
              tx.selectFrom(USERS)
                  .where(USERS.ID.eq(userId))
                  .forUpdate()
                  .fetchOptional()
                  .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "User not found"));
          if (user.getErasedAt() != null) {
            throw new ApiException(ErrorCode.CONFLICT, "This person was already erased");
          }
          Map<String, Object> destroyed = new LinkedHashMap<>();
          // biometric data first: the triggers tell every node's gallery to drop the person
          destroyed.put("face_templates", deleteOwned(tx, FACE_TEMPLATES, userId));
          destroyed.put("enrolments", deleteOwned(tx, ENROLLMENTS, userId));
          destroyed.put(
              "absence_evidence",
              tx.update(ABSENCE_REQUESTS)
                  .set(ABSENCE_REQUESTS.EVIDENCE, (byte[]) null)
                  .set(ABSENCE_REQUESTS.EVIDENCE_CONTENT_TYPE, (String) null)
                  .set(ABSENCE_REQUESTS.REASON, "[erased]")
                  .where(ABSENCE_REQUESTS.USER_ID.eq(userId))
                  .execute());
          tx.update(ATTENDANCE_CORRECTIONS)
              .set(ATTENDANCE_CORRECTIONS.REASON, "[erased]")
              .where(ATTENDANCE_CORRECTIONS.USER_ID.eq(userId))
              .execute();
          tx.update(ATTENDANCE_PUNCHES)
              .set(ATTENDANCE_PUNCHES.DEVICE_ID, (String) null)
              .set(ATTENDANCE_PUNCHES.IMAGE_SHA256, (byte[]) null)
              .where(ATTENDANCE_PUNCHES.USER_ID.eq(userId))
              .execute();
          destroyed.put("attempts", deleteOwned(tx, ATTENDANCE_ATTEMPTS, userId));
          destroyed.put("login_events", deleteOwned(tx, LOGIN_EVENTS, userId));
          // sessions end at once (their refresh tokens go with them)
          destroyed.put("sessions", deleteOwned(tx, AUTH_SESSIONS, userId));
          for (Table<?> table :
              List.<Table<?>>of(
                  PERSON_CONTACTS,
                  DEVICE_TOKENS,
                  NOTIFICATION_PREFERENCES,
                  NOTIFICATIONS,
                  EMAIL_VERIFICATIONS,
                  IDEMPOTENT_REQUESTS,
                  DEPARTMENT_MANAGERS)) {
            deleteOwned(tx, table, userId);
          }
          // events kept for redelivery: about the person, without what they said of them
          tx.update(OUTBOX_EVENTS)
              .set(
                  OUTBOX_EVENTS.DATA,
                  org.jooq.JSONB.valueOf("{\"user_id\":" + userId + ",\"erased\":true}"))
              .where(OUTBOX_EVENTS.SUBJECT_USER_ID.eq(userId))
              .execute();
          // earlier audit entries about the person keep who did what and when, not
          // their details
          tx.update(AUDIT_LOG)
              .set(AUDIT_LOG.DETAILS, org.jooq.JSONB.valueOf("{\"erased\":true}"))
              .where(AUDIT_LOG.TARGET_TYPE.eq("user"))
              .and(AUDIT_LOG.TARGET_ID.eq(Long.toString(userId)))
              .execute();
          tx.update(USERS)
              .set(USERS.USERNAME, pseudonym)
              .set(USERS.EMAIL, pseudonym + "@erased.invalid")
              .set(USERS.NAME, "Erased person " + userId)
              .set(USERS.EMPLOYEE_ID, (String) null)
              .set(USERS.PASSWORD_HASH, unusable)
              .set(USERS.FACE_LOGIN_ENABLED, false)
              .set(USERS.EMAIL_VERIFIED_AT, (OffsetDateTime) null)
              .set(USERS.DEACTIVATED_AT, DSL.coalesce(USERS.DEACTIVATED_AT, DSL.val(now)))
              .set(USERS.ERASED_AT, now)
              .set(USERS.UPDATED_AT, now)
              .where(USERS.ID.eq(userId))
              .execute();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("reason", why);
          details.put("destroyed", destroyed);
          store.audit(tx, admin.actor(), "user.erase", "user", userId, details);
        });
    return new Erased(pseudonym, now);
  }

  /** Deletes the person's rows of a table (by its {@code user_id} column); how many went. */
  private static int deleteOwned(DSLContext tx, Table<?> table, long userId) {
    Field<Long> owner = table.field("user_id", Long.class);
    if (owner == null) {
      throw new IllegalStateException(table.getName() + " has no user_id column");
    }
    return tx.deleteFrom(table).where(owner.eq(userId)).execute();
  }

  private static Condition aboutOrBy(long userId) {
    return AUDIT_LOG
        .TARGET_TYPE
        .eq("user")
        .and(AUDIT_LOG.TARGET_ID.eq(Long.toString(userId)))
        .or(AUDIT_LOG.ACTOR_USER_ID.eq(userId));
  }

  /** The rows as a JSON array of objects, without the columns of {@link #NOT_EXPORTED}. */
  private static String json(DSLContext tx, Table<?> table, Condition condition) {
    List<Field<?>> fields =
        Arrays.stream(table.fields()).filter(f -> !NOT_EXPORTED.contains(f)).toList();
    return tx.select(fields)
        .from(table)
        .where(condition)
        .fetch()
        .formatJSON(
            new JSONFormat()
                .header(false)
                .recordFormat(JSONFormat.RecordFormat.OBJECT)
                .format(true));
  }

  private static String readme(
      UsersRecord user, Collection<String> files, Collection<String> evidence) {
    StringBuilder text = new StringBuilder();
    text.append("FaceAttend: personal data of user ")
        .append(user.getId())
        .append(" (")
        .append(user.getUsername())
        .append(")\n\n")
        .append("Everything FaceAttend holds about this person, one JSON file per kind of data")
        .append(" (an array of records; times in ISO-8601 UTC):\n\n");
    for (String file : files) {
      text.append("  ").append(file).append('\n');
    }
    if (!evidence.isEmpty()) {
      text.append("  evidence/: the files attached to absence requests\n");
    }
    text.append(
        """

        Not included, on purpose:
          - the password: only an Argon2id hash is stored, which reveals nothing;
          - face templates and the pending enrolment photo: they are stored sealed (AES-256-GCM)
            and are numbers meaningful only to the face engine; face_templates.json and
            enrolments.json list when they were made and how good they were;
          - push device tokens (devices.json lists the devices).

        audit.json lists the actions done by the person and those done about them.
        consents.json records each consent to biometric processing: the version of the text
        accepted, and when.
        """);
    return text.toString();
  }

  private static byte[] zip(String readme, Map<String, String> files, Map<String, byte[]> blobs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      put(zip, "README.txt", readme.getBytes(StandardCharsets.UTF_8));
      for (var file : files.entrySet()) {
        put(zip, file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
      }
      for (var blob : blobs.entrySet()) {
        put(zip, blob.getKey(), blob.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
