package io.faceattend.server.config;

import java.util.Map;

/**
 * How long what is kept only for a while stays (the retention job deletes it afterwards), in days.
 *
 * @param events FACEATTEND_RETENTION_DAYS: delivered events and sent notifications (90)
 * @param attempts FACEATTEND_ATTEMPT_RETENTION_DAYS: refused punch attempts (as events)
 * @param loginEvents FACEATTEND_LOGIN_EVENT_RETENTION_DAYS: the login history (as events)
 * @param evidence FACEATTEND_EVIDENCE_RETENTION_DAYS: files attached to absence requests decided
 *     that long ago (365); the request itself stays for the reports
 */
public record RetentionPeriods(int events, int attempts, int loginEvents, int evidence) {

  public static RetentionPeriods from(Map<String, String> env) {
    int events = ServerConfig.integer(env, "FACEATTEND_RETENTION_DAYS", 90, 1, 36500);
    return new RetentionPeriods(
        events,
        ServerConfig.integer(env, "FACEATTEND_ATTEMPT_RETENTION_DAYS", events, 1, 36500),
        ServerConfig.integer(env, "FACEATTEND_LOGIN_EVENT_RETENTION_DAYS", events, 1, 36500),
        ServerConfig.integer(env, "FACEATTEND_EVIDENCE_RETENTION_DAYS", 365, 1, 36500));
  }
}
