package io.faceattend.server.config;

import io.faceattend.server.events.DispatchSettings;
import io.faceattend.server.webhooks.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of events out: the dispatcher's timings, SMTP, FCM and the scheduled jobs. Every
 * variable is in README.md's configuration table.
 *
 * @param dispatch FACEATTEND_EVENTS_POLL_INTERVAL (PT1S), FACEATTEND_WEBHOOK_TIMEOUT (PT10S),
 *     FACEATTEND_WEBHOOK_LEASE (PT2M), FACEATTEND_WEBHOOK_RETRY_BASE (PT10S),
 *     FACEATTEND_WEBHOOK_RETRY_MAX (PT1H), FACEATTEND_WEBHOOK_RETRY_FOR (PT24H: then a delivery is
 *     dead-lettered)
 * @param smtp FACEATTEND_SMTP_HOST (empty: no e-mail), _PORT (587), _USER, _PASSWORD, _FROM,
 *     _STARTTLS (true: required)
 * @param fcm FACEATTEND_FCM_CREDENTIALS (a service account JSON file; empty: no push),
 *     FACEATTEND_FCM_ENDPOINT
 * @param jobsEnabled FACEATTEND_JOBS_ENABLED: run the event dispatcher and the scheduled jobs on
 *     this node (true)
 * @param missedCheckInInterval FACEATTEND_MISSED_CHECK_IN_INTERVAL: how often missed check-ins are
 *     looked for (PT5M)
 * @param schedulerPollInterval FACEATTEND_SCHEDULER_POLL_INTERVAL: how often a node looks for due
 *     jobs (PT10S)
 * @param retentionDays FACEATTEND_RETENTION_DAYS: delivered events, refused attempts and login
 *     events are deleted after this many days (90)
 * @param dailySummaryAt FACEATTEND_DAILY_SUMMARY_AT: the local time (FACEATTEND_TIME_ZONE) after
 *     which managers get the day's summary (18:00; {@code off}: none); looked for as often as
 *     missed check-ins
 */
public record EventsConfig(
    DispatchSettings dispatch,
    Optional<Smtp> smtp,
    Optional<Fcm> fcm,
    boolean jobsEnabled,
    Duration missedCheckInInterval,
    Duration schedulerPollInterval,
    int retentionDays,
    Optional<LocalTime> dailySummaryAt) {

  /** An SMTP relay; {@code user} empty = no authentication. */
  public record Smtp(
      String host, int port, String user, String password, String from, boolean startTls) {}

  /** Firebase Cloud Messaging (HTTP v1): the service account file and the API's base URL. */
  public record Fcm(Path credentials, String endpoint) {}

  public static EventsConfig from(Map<String, String> env) {
    DispatchSettings dispatch =
        new DispatchSettings(
            ServerConfig.duration(env, "FACEATTEND_EVENTS_POLL_INTERVAL", Duration.ofSeconds(1)),
            DispatchSettings.DEFAULT.batchSize(),
            ServerConfig.duration(env, "FACEATTEND_WEBHOOK_TIMEOUT", Duration.ofSeconds(10)),
            ServerConfig.duration(env, "FACEATTEND_WEBHOOK_LEASE", Duration.ofMinutes(2)),
            new Backoff(
                ServerConfig.duration(env, "FACEATTEND_WEBHOOK_RETRY_BASE", Duration.ofSeconds(10)),
                ServerConfig.duration(env, "FACEATTEND_WEBHOOK_RETRY_MAX", Duration.ofHours(1)),
                ServerConfig.duration(env, "FACEATTEND_WEBHOOK_RETRY_FOR", Duration.ofHours(24))));
    Optional<Smtp> smtp =
        Optional.ofNullable(ServerConfig.blankToNull(env.get("FACEATTEND_SMTP_HOST")))
            .map(
                host -> {
                  String from = ServerConfig.blankToNull(env.get("FACEATTEND_SMTP_FROM"));
                  if (from == null) {
                    throw new ConfigException(
                        "FACEATTEND_SMTP_FROM is required when FACEATTEND_SMTP_HOST is set");
                  }
                  return new Smtp(
                      host,
                      ServerConfig.integer(env, "FACEATTEND_SMTP_PORT", 587, 1, 65535),
                      env.getOrDefault("FACEATTEND_SMTP_USER", "").trim(),
                      env.getOrDefault("FACEATTEND_SMTP_PASSWORD", ""),
                      from,
                      ServerConfig.bool(env, "FACEATTEND_SMTP_STARTTLS", true));
                });
    Optional<Fcm> fcm =
        Optional.ofNullable(ServerConfig.blankToNull(env.get("FACEATTEND_FCM_CREDENTIALS")))
            .map(
                file ->
                    new Fcm(
                        Path.of(file),
                        Optional.ofNullable(
                                ServerConfig.blankToNull(env.get("FACEATTEND_FCM_ENDPOINT")))
                            .orElse("https://fcm.googleapis.com")));
    return new EventsConfig(
        dispatch,
        smtp,
        fcm,
        ServerConfig.bool(env, "FACEATTEND_JOBS_ENABLED", true),
        ServerConfig.duration(env, "FACEATTEND_MISSED_CHECK_IN_INTERVAL", Duration.ofMinutes(5)),
        ServerConfig.duration(env, "FACEATTEND_SCHEDULER_POLL_INTERVAL", Duration.ofSeconds(10)),
        ServerConfig.integer(env, "FACEATTEND_RETENTION_DAYS", 90, 1, 36500),
        dailySummaryAt(env.get("FACEATTEND_DAILY_SUMMARY_AT")));
  }

  private static Optional<LocalTime> dailySummaryAt(String value) {
    String text = ServerConfig.blankToNull(value);
    if (text == null) {
      return Optional.of(LocalTime.of(18, 0));
    }
    if (text.strip().equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "FACEATTEND_DAILY_SUMMARY_AT must be a time such as 18:00, or off: " + text);
    }
  }
}
