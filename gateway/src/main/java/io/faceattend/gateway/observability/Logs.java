package io.faceattend.gateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.faceattend.server.config.ConfigException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Log settings: {@code FACEATTEND_LOG_FORMAT} (text, the default, or json) and {@code
 * FACEATTEND_LOG_LEVEL} (the platform's own loggers, default info) are read by logback.xml; here
 * they are checked so that a bad value stops the start with one line instead of being ignored.
 */
public final class Logs {

  /**
   * Where access lines and security events go (their own loggers, so they can be routed or
   * silenced).
   */
  public static final String ACCESS_LOGGER = "io.faceattend.access";

  public static final String SECURITY_LOGGER = "io.faceattend.security";
  private static final Set<String> FORMATS = Set.of("text", "json");
  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");

  private Logs() {}

  public static void check(Map<String, String> env) {
    String format = env.get("FACEATTEND_LOG_FORMAT");
    if (format != null && !format.isBlank() && !FORMATS.contains(format.trim())) {
      throw new ConfigException("FACEATTEND_LOG_FORMAT must be text or json, got " + format);
    }
    String level = env.get("FACEATTEND_LOG_LEVEL");
    if (level != null
        && !level.isBlank()
        && !LEVELS.contains(level.trim().toLowerCase(Locale.ROOT))) {
      throw new ConfigException(
          "FACEATTEND_LOG_LEVEL must be one of trace, debug, info, warn, error, off; got " + level);
    }
  }

  /**
   * Commands that print their own results ({@code user list}) keep the platform's start-up lines
   * out of the output unless a level was asked for.
   */
  public static void quietForCommands() {
    String level = System.getenv("FACEATTEND_LOG_LEVEL");
    if (level == null || level.isBlank()) {
      ((Logger) LoggerFactory.getLogger("io.faceattend")).setLevel(Level.WARN);
    }
  }
}
