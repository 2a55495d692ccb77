package io.faceattend.server.cameras;

import io.faceattend.server.config.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * How this node reads cameras; every variable is in docs/operations.md.
 *
 * @param ingest FACEATTEND_CAMERAS_ENABLED: run a worker per enabled camera on this node (true);
 *     with several nodes, enable it on one
 * @param offlineAfter FACEATTEND_CAMERA_OFFLINE_AFTER: a camera without a frame for this long is
 *     offline (PT10S)
 * @param readTimeout FACEATTEND_CAMERA_READ_TIMEOUT: network timeout of a stream read (PT5S)
 * @param reconnectMax FACEATTEND_CAMERA_RECONNECT_MAX: the longest wait between reconnection
 *     attempts, which start at 1 s and double (PT30S)
 * @param repeatAfter FACEATTEND_CAMERA_REPEAT_AFTER: the same person at the same camera is logged
 *     again only after this (PT5M)
 * @param queueFrames FACEATTEND_CAMERA_QUEUE: sampled frames waiting for analysis per camera; when
 *     full the oldest is dropped (2)
 * @param maxFaces FACEATTEND_CAMERA_MAX_FACES: faces analysed per frame, largest first (5)
 */
public record CameraSettings(
    boolean ingest,
    Duration offlineAfter,
    Duration readTimeout,
    Duration reconnectMax,
    Duration repeatAfter,
    int queueFrames,
    int maxFaces) {

  public static final CameraSettings DEFAULT =
      new CameraSettings(
          true,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          2,
          5);

  public static CameraSettings from(Map<String, String> env) {
    return new CameraSettings(
        bool(env, "FACEATTEND_CAMERAS_ENABLED", DEFAULT.ingest),
        duration(env, "FACEATTEND_CAMERA_OFFLINE_AFTER", DEFAULT.offlineAfter),
        duration(env, "FACEATTEND_CAMERA_READ_TIMEOUT", DEFAULT.readTimeout),
        duration(env, "FACEATTEND_CAMERA_RECONNECT_MAX", DEFAULT.reconnectMax),
        duration(env, "FACEATTEND_CAMERA_REPEAT_AFTER", DEFAULT.repeatAfter),
        integer(env, "FACEATTEND_CAMERA_QUEUE", DEFAULT.queueFrames, 1, 100),
        integer(env, "FACEATTEND_CAMERA_MAX_FACES", DEFAULT.maxFaces, 1, 20));
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = value(env, name);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name + " must be true or false, got " + value);
    };
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = value(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      Duration parsed =
          value.chars().allMatch(Character::isDigit)
              ? Duration.ofSeconds(Long.parseLong(value))
              : Duration.parse(value);
      if (parsed.isNegative() || parsed.isZero()) {
        throw new ConfigException(name + " must be positive, got " + value);
      }
      return parsed;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ConfigException(name + " must be seconds or an ISO-8601 duration, got " + value);
    }
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = value(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigException(name + " must be " + min + "-" + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got " + value);
    }
  }
}
