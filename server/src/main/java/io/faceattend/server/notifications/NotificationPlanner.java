package io.faceattend.server.notifications;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_ATTEMPTS;
import static io.faceattend.db.jooq.Tables.DEPARTMENT_MANAGERS;
import static io.faceattend.db.jooq.Tables.DEVICE_TOKENS;
import static io.faceattend.db.jooq.Tables.NOTIFICATIONS;
import static io.faceattend.db.jooq.Tables.NOTIFICATION_PREFERENCES;
import static io.faceattend.db.jooq.Tables.PERSON_CONTACTS;
import static io.faceattend.db.jooq.Tables.USERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.events.EventDispatcher;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.OutboxEvent;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/**
 * Who is told what, decided once per event while it is fanned out: the person on enrolment approval
 * or rejection, absence decisions and manual corrections; the managers of the person's group
 * (admins when it has none) on an absence request and on repeated spoof attempts; the person and
 * their contacts (guardians) on a missed check-in; contacts also on an absence request; a manager
 * on their daily summary. Each person's preferences pick the channels and the language.
 */
public record NotificationPlanner(boolean emailAvailable, boolean pushAvailable)
    implements EventDispatcher.Subscriber {

  /**
   * Liveness refusals within {@link #SPOOF_WINDOW} that alert managers (once, when the count
   * reaches it).
   */
  static final int SPOOF_ALERT_COUNT = 3;

  static final Duration SPOOF_WINDOW = Duration.ofHours(1);

  @Override
  public void onEvent(DSLContext tx, OutboxEvent event) {
    Long subject = event.subjectUserId();
    if (subject == null) {
      return;
    }
    // what to do with the person's name; none for check-ins and check-outs, the bulk of the
    // events, which then cost no name look-up
    Consumer<String> plan =
        switch (event.type()) {
          case EventTypes.ENROLLMENT_APPROVED,
              EventTypes.ENROLLMENT_REJECTED,
              EventTypes.ABSENCE_DECIDED,
              EventTypes.CORRECTED,
              EventTypes.DAILY_SUMMARY ->
              name -> toUser(tx, event, subject, name, event.data());
          case EventTypes.ABSENCE_REQUESTED ->
              name -> {
                toManagers(tx, event, subject, name, event.data());
                toContacts(tx, event, subject, name, event.data());
              };
          case EventTypes.MISSED_CHECK_IN ->
              name -> {
                toUser(tx, event, subject, name, event.data());
                toContacts(tx, event, subject, name, event.data());
              };
          case EventTypes.REFUSED -> name -> spoofAlert(tx, event, subject, name);
          default -> null;
        };
    if (plan == null) {
      return;
    }
    String name =
        tx.select(USERS.NAME).from(USERS).where(USERS.ID.eq(subject)).fetchOne(USERS.NAME);
    if (name != null) {
      plan.accept(name);
    }
  }

  private void spoofAlert(DSLContext tx, OutboxEvent event, long subject, String name) {
    if (!ErrorCode.LIVENESS_FAILED.code().equals(event.data().path("reason").asText())) {
      return;
    }
    int recent =
        tx.fetchCount(
            ATTENDANCE_ATTEMPTS,
            ATTENDANCE_ATTEMPTS
                .USER_ID
                .eq(subject)
                .and(ATTENDANCE_ATTEMPTS.REASON.eq(ErrorCode.LIVENESS_FAILED.code()))
                .and(
                    ATTENDANCE_ATTEMPTS.CREATED_AT.ge(
                        OffsetDateTime.ofInstant(
                            event.createdAt().minus(SPOOF_WINDOW), ZoneOffset.UTC)))
                .and(
                    ATTENDANCE_ATTEMPTS.CREATED_AT.le(
                        OffsetDateTime.ofInstant(event.createdAt(), ZoneOffset.UTC))));
    if (recent != SPOOF_ALERT_COUNT) {
      return;
    }
    ObjectNode data = ((ObjectNode) event.data()).deepCopy();
    data.put("attempts", recent);
    toManagers(tx, event, subject, name, data);
  }

  private void toManagers(
      DSLContext tx, OutboxEvent event, long subject, String name, JsonNode data) {
    List<Long> managers =
        tx.select(DEPARTMENT_MANAGERS.USER_ID)
            .from(DEPARTMENT_MANAGERS)
            .join(USERS)
            .on(USERS.DEPARTMENT_ID.eq(DEPARTMENT_MANAGERS.DEPARTMENT_ID))
            .where(USERS.ID.eq(subject))
            .and(DEPARTMENT_MANAGERS.USER_ID.ne(subject))
            .fetch(DEPARTMENT_MANAGERS.USER_ID);
    if (managers.isEmpty()) {
      managers =
          tx.select(USERS.ID)
              .from(USERS)
              .where(USERS.ROLE.eq("admin"))
              .and(USERS.DEACTIVATED_AT.isNull())
              .and(USERS.ID.ne(subject))
              .fetch(USERS.ID);
    }
    for (long manager : managers) {
      toUser(tx, event, manager, name, data);
    }
  }

  /** E-mail and push to a user, as their preferences allow, in their language. */
  private void toUser(DSLContext tx, OutboxEvent event, long userId, String name, JsonNode data) {
    var user =
        tx.select(
                USERS.EMAIL,
                USERS.DEACTIVATED_AT,
                NOTIFICATION_PREFERENCES.EMAIL_ENABLED,
                NOTIFICATION_PREFERENCES.PUSH_ENABLED,
                NOTIFICATION_PREFERENCES.LANGUAGE)
            .from(USERS)
            .leftJoin(NOTIFICATION_PREFERENCES)
            .on(NOTIFICATION_PREFERENCES.USER_ID.eq(USERS.ID))
            .where(USERS.ID.eq(userId))
            .fetchOne();
    if (user == null || user.value2() != null) {
      return;
    }
    String language = user.value5() == null ? "en" : user.value5();
    var message = MessageTemplates.render(event.type(), language, name, data);
    if (message.isEmpty()) {
      return;
    }
    if (emailAvailable && !Boolean.FALSE.equals(user.value3())) {
      queue(tx, event, userId, "email", user.value1(), message.get());
    }
    if (pushAvailable && !Boolean.FALSE.equals(user.value4())) {
      for (String token :
          tx.select(DEVICE_TOKENS.TOKEN)
              .from(DEVICE_TOKENS)
              .where(DEVICE_TOKENS.USER_ID.eq(userId))
              .fetch(DEVICE_TOKENS.TOKEN)) {
        queue(tx, event, userId, "push", token, message.get());
      }
    }
  }

  private void toContacts(
      DSLContext tx, OutboxEvent event, long subject, String name, JsonNode data) {
    if (!emailAvailable) {
      return;
    }
    for (var contact :
        tx.selectFrom(PERSON_CONTACTS)
            .where(PERSON_CONTACTS.USER_ID.eq(subject))
            .orderBy(PERSON_CONTACTS.ID)
            .fetch()) {
      MessageTemplates.render(event.type(), contact.getLanguage(), name, data)
          .ifPresent(message -> queue(tx, event, null, "email", contact.getEmail(), message));
    }
  }

  private static void queue(
      DSLContext tx,
      OutboxEvent event,
      Long userId,
      String channel,
      String recipient,
      MessageTemplates.Rendered message) {
    tx.insertInto(NOTIFICATIONS)
        .set(NOTIFICATIONS.OUTBOX_EVENT_ID, event.id())
        .set(NOTIFICATIONS.USER_ID, userId)
        .set(NOTIFICATIONS.CHANNEL, channel)
        .set(NOTIFICATIONS.RECIPIENT, recipient)
        .set(NOTIFICATIONS.SUBJECT, message.subject())
        .set(NOTIFICATIONS.BODY, message.body())
        .set(NOTIFICATIONS.NEXT_ATTEMPT_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .set(NOTIFICATIONS.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .execute();
  }
}
