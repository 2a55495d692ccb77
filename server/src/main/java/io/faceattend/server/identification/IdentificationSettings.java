package io.faceattend.server.identification;

import io.faceattend.face.FaceEngineConfig;
import io.faceattend.server.config.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * How identification (1:N) decides, from the environment.
 *
 * @param threshold FACEATTEND_IDENTIFY_THRESHOLD: the best person's cosine similarity must reach
 *     this for a match (default: the face engine's calibrated 1:N threshold, {@link
 *     FaceEngineConfig#identifyThreshold()}, 0.52 unless FACEATTEND_FACE_IDENTIFY_THRESHOLD says
 *     otherwise; higher than the 1:1 threshold, because a probe meets every enrolled person; see
 *     docs/benchmarks.md for the false-identification rate at 10k-1M people)
 * @param margin FACEATTEND_IDENTIFY_MARGIN: and exceed the second-best PERSON by at least this much
 *     (default 0.05), so two look-alikes are refused rather than guessed between
 * @param faceLoginEnabled FACEATTEND_FACE_LOGIN_ENABLED: whether {@code POST /api/auth/face-login}
 *     is on for the deployment (default true); each person can also be switched off
 * @param faceLoginPerMinute FACEATTEND_FACE_LOGIN_RATE: face-login attempts allowed per minute from
 *     one client address or device (default 10)
 * @param pollInterval FACEATTEND_IDENTIFY_POLL_INTERVAL: how often a node reads the change table
 *     even without a notification (default PT1S; notifications normally arrive within milliseconds)
 */
public record IdentificationSettings(
    double threshold,
    double margin,
    boolean faceLoginEnabled,
    int faceLoginPerMinute,
    Duration pollInterval) {

  /**
   * The face engine's calibrated 1:N threshold (docs/face-engine.md), as the decimal it is written
   * as.
   */
  public static final double DEFAULT_THRESHOLD =
      Double.parseDouble(Float.toString(FaceEngineConfig.DEFAULT_IDENTIFY_THRESHOLD));

  public static final double DEFAULT_MARGIN = 0.05;

  public static IdentificationSettings fromEnvironment() {
    return from(System.getenv());
  }

  public static IdentificationSettings from(Map<String, String> env) {
    return new IdentificationSettings(
        // one calibrated 1:N value: the face engine's, unless identification is given its own
        number(
            env,
            "FACEATTEND_IDENTIFY_THRESHOLD",
            number(env, "FACEATTEND_FACE_IDENTIFY_THRESHOLD", DEFAULT_THRESHOLD, -1, 1),
            -1,
            1),
        number(env, "FACEATTEND_IDENTIFY_MARGIN", DEFAULT_MARGIN, 0, 2),
        bool(env, "FACEATTEND_FACE_LOGIN_ENABLED", true),
        (int) number(env, "FACEATTEND_FACE_LOGIN_RATE", 10, 1, 1_000_000),
        duration(env, "FACEATTEND_IDENTIFY_POLL_INTERVAL", Duration.ofSeconds(1)));
  }

  public IdentificationSettings withFaceLogin(boolean enabled) {
    return new IdentificationSettings(threshold, margin, enabled, faceLoginPerMinute, pollInterval);
  }

  public IdentificationSettings withPollInterval(Duration interval) {
    return new IdentificationSettings(
        threshold, margin, faceLoginEnabled, faceLoginPerMinute, interval);
  }

  private static double number(
      Map<String, String> env, String name, double fallback, double min, double max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed < min || parsed > max) {
        throw new ConfigException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a number, got " + value);
    }
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(name + " must be true or false, got " + value);
    };
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      Duration parsed = Duration.parse(value.trim());
      if (parsed.isNegative() || parsed.isZero()) {
        throw new ConfigException(name + " must be positive");
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw new ConfigException(name + " must be an ISO-8601 duration such as PT1S, got " + value);
    }
  }
}
