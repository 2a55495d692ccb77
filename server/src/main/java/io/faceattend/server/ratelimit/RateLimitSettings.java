package io.faceattend.server.ratelimit;

import io.faceattend.server.config.ConfigException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many requests each category admits per window, from {@code FACEATTEND_RATE_LIMITS}: a
 * comma-separated list of {@code category=N/unit} (unit: second, minute, hour or day), e.g. {@code
 * authentication=5/minute,reports=20/minute}; categories not named keep seed 001's default, and
 * {@code off} switches every limit off. A category set to {@code off} is not limited.
 */
public record RateLimitSettings(Map<Category, Limit> limits) {

  /** Seed 001's table. */
  public static final RateLimitSettings SEED_DEFAULTS =
      new RateLimitSettings(
          Map.of(
              Category.AUTHENTICATION, new Limit(5, Duration.ofMinutes(1)),
              Category.FACE_VERIFICATION, new Limit(100, Duration.ofMinutes(1)),
              Category.REPORTS, new Limit(10, Duration.ofMinutes(1)),
              Category.GENERAL, new Limit(1000, Duration.ofHours(1))));

  /** No limits at all. */
  public static final RateLimitSettings OFF = new RateLimitSettings(Map.of());

  /** The endpoint categories of seed 001's rate-limit table. */
  public enum Category {
    AUTHENTICATION("authentication"),
    FACE_VERIFICATION("face_verification"),
    REPORTS("reports"),
    GENERAL("general");

    private final String key;

    Category(String key) {
      this.key = key;
    }

    /** Its name in FACEATTEND_RATE_LIMITS and in the counters' keys. */
    public String key() {
      return key;
    }

    static Optional<Category> byKey(String key) {
      for (Category c : values()) {
        if (c.key.equals(key)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /** {@code requests} per {@code window}. */
  public record Limit(int requests, Duration window) {}

  public Optional<Limit> of(Category category) {
    return Optional.ofNullable(limits.get(category));
  }

  public static RateLimitSettings from(Map<String, String> env) {
    return parse(env.get("FACEATTEND_RATE_LIMITS"));
  }

  static RateLimitSettings parse(String value) {
    if (value == null || value.isBlank()) {
      return SEED_DEFAULTS;
    }
    String spec = value.trim().toLowerCase(Locale.ROOT);
    if (spec.equals("off")) {
      return OFF;
    }
    Map<Category, Limit> limits = new EnumMap<>(Category.class);
    limits.putAll(SEED_DEFAULTS.limits());
    for (String entry : spec.split(",")) {
      String item = entry.trim();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      Category category = eq < 0 ? null : Category.byKey(item.substring(0, eq).trim()).orElse(null);
      if (category == null) {
        throw invalid(item);
      }
      String rule = item.substring(eq + 1).trim();
      if (rule.equals("off")) {
        limits.remove(category);
        continue;
      }
      limits.put(category, limit(rule, item));
    }
    return new RateLimitSettings(Map.copyOf(limits));
  }

  private static Limit limit(String rule, String item) {
    int slash = rule.indexOf('/');
    if (slash < 0) {
      throw invalid(item);
    }
    int requests;
    try {
      requests = Integer.parseInt(rule.substring(0, slash).trim());
    } catch (NumberFormatException e) {
      throw invalid(item);
    }
    if (requests < 1) {
      throw invalid(item);
    }
    Duration window =
        switch (rule.substring(slash + 1).trim()) {
          case "second" -> Duration.ofSeconds(1);
          case "minute" -> Duration.ofMinutes(1);
          case "hour" -> Duration.ofHours(1);
          case "day" -> Duration.ofDays(1);
          default -> throw invalid(item);
        };
    return new Limit(requests, window);
  }

  private static ConfigException invalid(String item) {
    return new ConfigException(
        "FACEATTEND_RATE_LIMITS entries must be category=N/unit (categories: authentication,"
            + " face_verification, reports, general; units: second, minute, hour, day) or"
            + " category=off, got "
            + item);
  }
}
