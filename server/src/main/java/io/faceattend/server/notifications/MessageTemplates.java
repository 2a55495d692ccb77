package io.faceattend.server.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceattend.server.events.EventTypes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words of each notification, per language (en, fr; anything else falls back to en).
 * Placeholders {@code {name}} (the person the event is about) and {@code {field}} (from the event's
 * data) are filled in.
 */
public final class MessageTemplates {

  /** Languages with templates. */
  public static final Set<String> LANGUAGES = Set.of("en", "fr");

  /** A rendered message. */
  public record Rendered(String subject, String body) {}

  private record Template(String subject, String body) {}

  /** Templates by language, then event type; "absence.decided" has one per decision. */
  private static final Map<String, Map<String, Template>> TEMPLATES =
      Map.of(
          "en",
              Map.of(
                  EventTypes.ENROLLMENT_APPROVED,
                  new Template(
                      "Your face enrolment was approved",
                      "Hello {name},\n\nYour face enrolment was approved. You can now check in and out with FaceAttend."),
                  EventTypes.ENROLLMENT_REJECTED,
                  new Template(
                      "Your face enrolment was not accepted",
                      "Hello {name},\n\nYour face enrolment was not accepted: {reason}\nPlease enrol again in the app."),
                  EventTypes.ABSENCE_DECIDED + ".approved",
                  new Template(
                      "Absence request approved",
                      "Hello {name},\n\nYour absence from {start_date} to {end_date} was approved."),
                  EventTypes.ABSENCE_DECIDED + ".rejected",
                  new Template(
                      "Absence request rejected",
                      "Hello {name},\n\nYour absence from {start_date} to {end_date} was rejected: {decision_comment}"),
                  EventTypes.ABSENCE_REQUESTED,
                  new Template(
                      "Absence requested: {name}",
                      "{name} asked to be absent ({type}) from {start_date} to {end_date}."),
                  EventTypes.CORRECTED,
                  new Template(
                      "Your attendance was corrected",
                      "Hello {name},\n\nYour {kind} on {date} was set to {corrected_at} by hand: {reason}"),
                  EventTypes.MISSED_CHECK_IN,
                  new Template(
                      "Missed check-in: {name}",
                      "{name} had not checked in by {expected_at} on {work_date}."),
                  EventTypes.REFUSED,
                  new Template(
                      "Repeated spoof attempts: {name}",
                      "{name}'s check-ins were refused by the liveness check {attempts} times in the last hour."),
                  EventTypes.DAILY_SUMMARY,
                  new Template(
                      "Attendance on {work_date}: {absent} absent of {expected}",
                      "Hello {name},\n\nToday ({work_date}) in the groups you manage: {present} on time, {late} late, {absent} absent, {excused} excused, of {expected} expected.\nAbsent: {absent_names}")),
          "fr",
              Map.of(
                  EventTypes.ENROLLMENT_APPROVED,
                  new Template(
                      "Votre enrôlement facial est approuvé",
                      "Bonjour {name},\n\nVotre enrôlement facial est approuvé. Vous pouvez pointer avec FaceAttend."),
                  EventTypes.ENROLLMENT_REJECTED,
                  new Template(
                      "Votre enrôlement facial est refusé",
                      "Bonjour {name},\n\nVotre enrôlement facial est refusé : {reason}\nVeuillez recommencer dans l'app."),
                  EventTypes.ABSENCE_DECIDED + ".approved",
                  new Template(
                      "Demande d'absence approuvée",
                      "Bonjour {name},\n\nVotre absence du {start_date} au {end_date} est approuvée."),
                  EventTypes.ABSENCE_DECIDED + ".rejected",
                  new Template(
                      "Demande d'absence refusée",
                      "Bonjour {name},\n\nVotre absence du {start_date} au {end_date} est refusée : {decision_comment}"),
                  EventTypes.ABSENCE_REQUESTED,
                  new Template(
                      "Demande d'absence : {name}",
                      "{name} demande une absence ({type}) du {start_date} au {end_date}."),
                  EventTypes.CORRECTED,
                  new Template(
                      "Votre pointage a été corrigé",
                      "Bonjour {name},\n\nVotre {kind} du {date} a été fixé à {corrected_at} : {reason}"),
                  EventTypes.MISSED_CHECK_IN,
                  new Template(
                      "Pointage manquant : {name}",
                      "{name} n'avait pas pointé à {expected_at} le {work_date}."),
                  EventTypes.REFUSED,
                  new Template(
                      "Tentatives de fraude répétées : {name}",
                      "Les pointages de {name} ont été refusés {attempts} fois par le contrôle de vivacité en une heure."),
                  EventTypes.DAILY_SUMMARY,
                  new Template(
                      "Présences du {work_date} : {absent} absents sur {expected}",
                      "Bonjour {name},\n\nAujourd'hui ({work_date}) dans vos groupes : {present} à l'heure, {late} en retard, {absent} absents, {excused} excusés, sur {expected} attendus.\nAbsents : {absent_names}")));

  private MessageTemplates() {}

  /** The message for an event in a language, or empty when the event type has none. */
  public static Optional<Rendered> render(
      String type, String language, String name, JsonNode data) {
    String key =
        EventTypes.ABSENCE_DECIDED.equals(type) ? type + "." + data.path("status").asText() : type;
    Map<String, Template> templates = TEMPLATES.getOrDefault(language, TEMPLATES.get("en"));
    Template template = templates.get(key);
    if (template == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Rendered(fill(template.subject(), name, data), fill(template.body(), name, data)));
  }

  private static String fill(String text, String name, JsonNode data) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      int close = open < 0 ? -1 : text.indexOf('}', open);
      if (open < 0 || close < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, open);
      String field = text.substring(open + 1, close);
      JsonNode value = data.get(field);
      out.append(
          "name".equals(field) ? name : value == null || value.isNull() ? "" : value.asText());
      i = close + 1;
    }
    return out.toString();
  }
}
