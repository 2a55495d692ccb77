package io.faceattend.server.config;

import io.faceattend.db.DatabaseSettings;
import io.faceattend.server.cameras.CameraSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server reads from its environment, with the embedded defaults a fresh clone runs
 * on. Every variable is documented in README.md; an invalid value stops the start with a message
 * naming the variable.
 *
 * @param dataDirectory FACEATTEND_DATA_DIR: embedded database, generated keys (default ./data)
 * @param database FACEATTEND_DATABASE_URL (+ _USER, _PASSWORD): external PostgreSQL instead of the
 *     embedded one
 * @param jwtSecret FACEATTEND_JWT_SECRET: HMAC key for access tokens (at least 32 bytes); empty =
 *     generated and kept in the data directory
 * @param accessTokenTtl FACEATTEND_ACCESS_TOKEN_TTL: ISO-8601 duration or seconds (default PT15M)
 * @param refreshTokenTtl FACEATTEND_REFRESH_TOKEN_TTL: ISO-8601 duration or seconds (default P30D)
 * @param timeZone FACEATTEND_TIME_ZONE: zone of "today" for users without a site (default: the
 *     system's)
 * @param httpPort FACEATTEND_HTTP_PORT: the gateway's single HTTP port (default 8080)
 * @param loginMaxFailures FACEATTEND_LOGIN_MAX_FAILURES: failed logins per login name within
 *     loginFailureWindow before further attempts get 429 (default 10)
 * @param loginFailureWindow FACEATTEND_LOGIN_FAILURE_WINDOW (default PT15M)
 * @param templateKey FACEATTEND_TEMPLATE_KEY: base64 AES-256 key for face templates and pending
 *     enrolment photos; empty = generated and kept in the data directory
 * @param requireSite FACEATTEND_REQUIRE_SITE: a user with no site may not punch (default true)
 * @param gpsAccuracyAllowanceM FACEATTEND_GPS_ACCURACY_ALLOWANCE_M: the most the app's reported GPS
 *     accuracy may widen a geofence (default 50 m)
 * @param offlinePunchWindow FACEATTEND_OFFLINE_PUNCH_WINDOW: oldest capture time accepted for a
 *     punch queued offline (default PT12H)
 * @param faceEngineAddresses FACEATTEND_FACE_ENGINE_ADDRESSES: comma-separated host:port of
 *     standalone face engines to balance across; empty = the engine runs in this process
 * @param faceConcurrency FACEATTEND_FACE_CONCURRENCY: face engine calls this node runs at once; 0
 *     (default) = its CPU count with the engine in process, 4 per remote engine otherwise
 * @param faceQueue FACEATTEND_FACE_QUEUE: how many more may wait; -1 (default) = twice the
 *     concurrency; beyond it a request is refused at once with 503 {@code overloaded}
 * @param events webhooks, notifications and scheduled jobs (FACEATTEND_EVENTS_*, _WEBHOOK_*,
 *     _SMTP_*, _FCM_*, _JOBS_*; see {@link EventsConfig})
 * @param cameras camera ingest on this node (FACEATTEND_CAMERA*; see {@link CameraSettings})
 * @param accounts registration, consent, rate limits (FACEATTEND_REGISTRATION, _CONSENT_VERSION,
 *     _PUBLIC_URL, _RATE_LIMITS; see {@link AccountsConfig})
 */
public record ServerConfig(
    Path dataDirectory,
    DatabaseSettings database,
    Optional<String> jwtSecret,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    ZoneId timeZone,
    int httpPort,
    int loginMaxFailures,
    Duration loginFailureWindow,
    Optional<String> templateKey,
    boolean requireSite,
    double gpsAccuracyAllowanceM,
    Duration offlinePunchWindow,
    List<String> faceEngineAddresses,
    int faceConcurrency,
    int faceQueue,
    EventsConfig events,
    CameraSettings cameras,
    AccountsConfig accounts) {

  /** The face admission's concurrency, its default resolved. */
  public int effectiveFaceConcurrency() {
    if (faceConcurrency > 0) {
      return faceConcurrency;
    }
    return faceEngineAddresses.isEmpty()
        ? Runtime.getRuntime().availableProcessors()
        : 4 * faceEngineAddresses.size();
  }

  /** The face admission's queue, its default resolved. */
  public int effectiveFaceQueue() {
    return faceQueue >= 0 ? faceQueue : 2 * effectiveFaceConcurrency();
  }

  public static ServerConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static ServerConfig from(Map<String, String> env) {
    Path dataDirectory =
        Path.of(env.getOrDefault("FACEATTEND_DATA_DIR", "data")).toAbsolutePath().normalize();
    String url = blankToNull(env.get("FACEATTEND_DATABASE_URL"));
    DatabaseSettings database =
        url == null
            ? DatabaseSettings.embedded(dataDirectory)
            : DatabaseSettings.external(
                url,
                env.getOrDefault("FACEATTEND_DATABASE_USER", ""),
                env.getOrDefault("FACEATTEND_DATABASE_PASSWORD", ""));
    return new ServerConfig(
        dataDirectory,
        database,
        Optional.ofNullable(blankToNull(env.get("FACEATTEND_JWT_SECRET"))),
        duration(env, "FACEATTEND_ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
        duration(env, "FACEATTEND_REFRESH_TOKEN_TTL", Duration.ofDays(30)),
        zone(env, "FACEATTEND_TIME_ZONE"),
        integer(env, "FACEATTEND_HTTP_PORT", 8080, 0, 65535),
        integer(env, "FACEATTEND_LOGIN_MAX_FAILURES", 10, 1, 1_000_000),
        duration(env, "FACEATTEND_LOGIN_FAILURE_WINDOW", Duration.ofMinutes(15)),
        Optional.ofNullable(blankToNull(env.get("FACEATTEND_TEMPLATE_KEY"))),
        bool(env, "FACEATTEND_REQUIRE_SITE", true),
        integer(env, "FACEATTEND_GPS_ACCURACY_ALLOWANCE_M", 50, 0, 10_000),
        duration(env, "FACEATTEND_OFFLINE_PUNCH_WINDOW", Duration.ofHours(12)),
        addresses(env.get("FACEATTEND_FACE_ENGINE_ADDRESSES")),
        integer(env, "FACEATTEND_FACE_CONCURRENCY", 0, 1, 10_000),
        integer(env, "FACEATTEND_FACE_QUEUE", -1, 0, 100_000),
        EventsConfig.from(env),
        CameraSettings.from(env),
        AccountsConfig.from(env));
  }

  /** A yes/no setting (true/false, 1/0, yes/no); the fallback when unset. */
  public static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name + " must be true or false, got " + value);
    };
  }

  private static List<String> addresses(String value) {
    if (blankToNull(value) == null) {
      return List.of();
    }
    List<String> list =
        Arrays.stream(value.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
    for (String address : list) {
      if (!address.matches("[^:\\s]+:\\d{1,5}")) {
        throw new ConfigException(
            "FACEATTEND_FACE_ENGINE_ADDRESSES entries must be host:port, got " + address);
      }
    }
    return list;
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A positive duration setting: seconds, or ISO-8601 ({@code PT15M}); the fallback when unset. */
  public static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = blankToNull(env.get(name));
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
      throw new ConfigException(
          name + " must be an ISO-8601 duration (PT15M) or seconds, got " + value);
    }
  }

  private static ZoneId zone(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(value);
    } catch (RuntimeException e) {
      throw new ConfigException(
          name + " must be a time zone id such as Europe/Paris, got " + value);
    }
  }

  /** A whole-number setting within [min, max]; the fallback when unset. */
  public static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got " + value);
    }
  }
}
