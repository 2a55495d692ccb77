package io.faceattend.gateway;

import io.faceattend.server.config.ConfigException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway reads from its environment (README's configuration table); an invalid value
 * stops the start with a message naming the variable.
 *
 * @param managementPort FACEATTEND_MANAGEMENT_PORT: a second port, bound to 127.0.0.1, that alone
 *     serves {@code /metrics}, {@code /docs} and gRPC reflection; empty = they are on the public
 *     port
 * @param corsOrigins FACEATTEND_CORS_ORIGINS: comma-separated browser origins
 *     (scheme://host[:port]) allowed to call REST and gRPC-Web; empty (the default) = no
 *     cross-origin access
 */
public record GatewayConfig(Optional<Integer> managementPort, List<String> corsOrigins) {

  /** No management port, no CORS: everything on the one public port, same-origin only. */
  public static final GatewayConfig DEFAULT = new GatewayConfig(Optional.empty(), List.of());

  public static GatewayConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static GatewayConfig from(Map<String, String> env) {
    return new GatewayConfig(
        managementPort(env.get("FACEATTEND_MANAGEMENT_PORT")),
        origins(env.get("FACEATTEND_CORS_ORIGINS")));
  }

  private static Optional<Integer> managementPort(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return Optional.of(port);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "FACEATTEND_MANAGEMENT_PORT must be a port number (0-65535), got " + value);
    }
  }

  private static List<String> origins(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> origins =
        Arrays.stream(value.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
    for (String origin : origins) {
      if (!isOrigin(origin)) {
        throw new ConfigException(
            "FACEATTEND_CORS_ORIGINS entries must be origins like https://app.example.com"
                + " (scheme, host, optional port; no path), got "
                + origin);
      }
    }
    return origins;
  }

  private static boolean isOrigin(String origin) {
    try {
      URI uri = new URI(origin);
      return (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null
          && uri.getUserInfo() == null;
    } catch (Exception e) {
      return false;
    }
  }
}
