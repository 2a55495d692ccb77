package io.faceattend.server.notifications;

import static io.faceattend.db.jooq.Tables.DEVICE_TOKENS;
import static io.faceattend.db.jooq.Tables.NOTIFICATION_PREFERENCES;
import static io.faceattend.db.jooq.Tables.PERSON_CONTACTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.PersonContactsRecord;
import io.faceattend.proto.v1.Contact;
import io.faceattend.proto.v1.Device;
import io.faceattend.proto.v1.SetNotificationPreferencesRequest;
import io.faceattend.proto.v1.SetNotificationPreferencesResponse;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What people set about their notifications: push tokens, preferences, and (admins) a person's
 * contacts.
 */
public record Notifications(Store store) {

  private static final Set<String> PLATFORMS = Set.of("android", "ios", "web");
  private static final int MAX_TOKEN_LENGTH = 4096;

  /**
   * Registers a push token for the user; a token already registered (another account) moves to this
   * one.
   */
  public Device registerDevice(long userId, String token, String platform) {
    if (token == null || token.isBlank()) {
      throw ApiException.missingField("token");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw ApiException.invalid("token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    String kind = platform == null ? "" : platform.trim().toLowerCase(Locale.ROOT);
    if (kind.isEmpty()) {
      throw ApiException.missingField("platform");
    }
    if (!PLATFORMS.contains(kind)) {
      throw ApiException.invalid("platform must be android, ios or web");
    }
    OffsetDateTime now = store.now();
    var row =
        store
            .db()
            .insertInto(DEVICE_TOKENS)
            .set(DEVICE_TOKENS.USER_ID, userId)
            .set(DEVICE_TOKENS.TOKEN, token.trim())
            .set(DEVICE_TOKENS.PLATFORM, kind)
            .set(DEVICE_TOKENS.CREATED_AT, now)
            .set(DEVICE_TOKENS.LAST_SEEN_AT, now)
            .onConflict(DEVICE_TOKENS.TOKEN)
            .doUpdate()
            .set(DEVICE_TOKENS.USER_ID, userId)
            .set(DEVICE_TOKENS.PLATFORM, kind)
            .set(DEVICE_TOKENS.LAST_SEEN_AT, now)
            .returning()
            .fetchSingle();
    return Device.newBuilder()
        .setId(row.getId())
        .setPlatform(row.getPlatform())
        .setCreatedAt(row.getCreatedAt().toInstant().toString())
        .build();
  }

  public SetNotificationPreferencesResponse setPreferences(
      long userId, SetNotificationPreferencesRequest request) {
    String language = request.hasLanguage() ? language(request.getLanguage()) : null;
    var row =
        store
            .db()
            .insertInto(NOTIFICATION_PREFERENCES)
            .set(NOTIFICATION_PREFERENCES.USER_ID, userId)
            .set(
                NOTIFICATION_PREFERENCES.EMAIL_ENABLED,
                !request.hasEmailEnabled() || request.getEmailEnabled())
            .set(
                NOTIFICATION_PREFERENCES.PUSH_ENABLED,
                !request.hasPushEnabled() || request.getPushEnabled())
            .set(NOTIFICATION_PREFERENCES.LANGUAGE, language == null ? "en" : language)
            .onConflict(NOTIFICATION_PREFERENCES.USER_ID)
            .doUpdate()
            .set(
                NOTIFICATION_PREFERENCES.EMAIL_ENABLED,
                request.hasEmailEnabled()
                    ? DSL.val(request.getEmailEnabled())
                    : NOTIFICATION_PREFERENCES.EMAIL_ENABLED)
            .set(
                NOTIFICATION_PREFERENCES.PUSH_ENABLED,
                request.hasPushEnabled()
                    ? DSL.val(request.getPushEnabled())
                    : NOTIFICATION_PREFERENCES.PUSH_ENABLED)
            .set(
                NOTIFICATION_PREFERENCES.LANGUAGE,
                language != null ? DSL.val(language) : NOTIFICATION_PREFERENCES.LANGUAGE)
            .set(NOTIFICATION_PREFERENCES.UPDATED_AT, store.now())
            .returning()
            .fetchSingle();
    return SetNotificationPreferencesResponse.newBuilder()
        .setEmailEnabled(row.getEmailEnabled())
        .setPushEnabled(row.getPushEnabled())
        .setLanguage(row.getLanguage())
        .build();
  }

  public Contact addContact(
      AuditLog.Actor admin,
      long userId,
      String name,
      String relation,
      String email,
      String language) {
    if (name == null || name.isBlank()) {
      throw ApiException.missingField("name");
    }
    if (email == null || email.isBlank()) {
      throw ApiException.missingField("email");
    }
    if (!email.trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw ApiException.invalid("email is not an e-mail address");
    }
    String lang = language == null || language.isBlank() ? "en" : language(language);
    String kind = relation == null || relation.isBlank() ? "guardian" : relation.trim();
    return store.transactionResult(
        tx -> {
          requireUser(tx, userId);
          PersonContactsRecord row =
              tx.insertInto(PERSON_CONTACTS)
                  .set(PERSON_CONTACTS.USER_ID, userId)
                  .set(PERSON_CONTACTS.NAME, name.trim())
                  .set(PERSON_CONTACTS.RELATION, kind)
                  .set(PERSON_CONTACTS.EMAIL, email.trim())
                  .set(PERSON_CONTACTS.LANGUAGE, lang)
                  .returning()
                  .fetchSingle();
          store.audit(
              tx,
              admin,
              "contact.add",
              "user",
              userId,
              Map.of("contact_id", row.getId(), "relation", kind, "email", row.getEmail()));
          return toProto(row);
        });
  }

  public List<Contact> contacts(long userId) {
    requireUser(store.db(), userId);
    return store
        .db()
        .selectFrom(PERSON_CONTACTS)
        .where(PERSON_CONTACTS.USER_ID.eq(userId))
        .orderBy(PERSON_CONTACTS.ID)
        .fetch(Notifications::toProto);
  }

  public void deleteContact(AuditLog.Actor admin, long userId, long contactId) {
    store.transaction(
        tx -> {
          int deleted =
              tx.deleteFrom(PERSON_CONTACTS)
                  .where(PERSON_CONTACTS.ID.eq(contactId))
                  .and(PERSON_CONTACTS.USER_ID.eq(userId))
                  .execute();
          if (deleted == 0) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "User " + userId + " has no contact " + contactId);
          }
          store.audit(tx, admin, "contact.delete", "user", userId, Map.of("contact_id", contactId));
        });
  }

  private static void requireUser(DSLContext db, long userId) {
    if (!db.fetchExists(USERS, USERS.ID.eq(userId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
    }
  }

  private static String language(String value) {
    String lang = value.trim().toLowerCase(Locale.ROOT);
    if (!MessageTemplates.LANGUAGES.contains(lang)) {
      throw ApiException.invalid(
          "language must be one of " + new TreeSet<>(MessageTemplates.LANGUAGES));
    }
    return lang;
  }

  private static Contact toProto(PersonContactsRecord row) {
    return Contact.newBuilder()
        .setId(row.getId())
        .setUserId(row.getUserId())
        .setName(row.getName())
        .setRelation(row.getRelation())
        .setEmail(row.getEmail())
        .setLanguage(row.getLanguage())
        .build();
  }
}
