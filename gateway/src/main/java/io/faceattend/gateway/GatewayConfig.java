package io.faceattend.gateway;

import io.faceattend.server.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param tls FACEATTEND_TLS_CERT and FACEATTEND_TLS_KEY: PEM certificate chain and PKCS#8 private
 *     key; set, the public port serves HTTPS (REST, gRPC and gRPC-Web over TLS, HTTP/2 by ALPN)
 *     with HSTS, instead of plain HTTP
 */
public record GatewayConfig(
    Optional<Integer> managementPort, List<String> corsOrigins, Optional<Tls> tls) {

  /** No management port, no CORS: everything on the one public port, same-origin only. */
  public static final GatewayConfig DEFAULT =
      new GatewayConfig(Optional.empty(), List.of(), Optional.empty());

  /** The public port's certificate chain and key, PEM files. */
  public record Tls(Path certificate, Path privateKey) {}

  public GatewayConfig(Optional<Integer> managementPort, List<String> corsOrigins) {
    this(managementPort, corsOrigins, Optional.empty());
  }

  /** The same settings serving HTTPS with {@code tls}. */
  public GatewayConfig withTls(Tls tls) {
    return new GatewayConfig(managementPort, corsOrigins, Optional.of(tls));
  }

  public static GatewayConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static GatewayConfig from(Map<String, String> env) {
    return new GatewayConfig(
        managementPort(env.get("FACEATTEND_MANAGEMENT_PORT")),
        origins(env.get("FACEATTEND_CORS_ORIGINS")),
        tls(env.get("FACEATTEND_TLS_CERT"), env.get("FACEATTEND_TLS_KEY")));
  }

  private static Optional<Tls> tls(String cert, String key) {
    boolean hasCert = cert != null && !cert.isBlank();
    boolean hasKey = key != null && !key.isBlank();
    if (!hasCert && !hasKey) {
      return Optional.empty();
    }
    if (hasCert != hasKey) {
      throw new ConfigException("Set both FACEATTEND_TLS_CERT and FACEATTEND_TLS_KEY, or neither");
    }
    Path certificate = Path.of(cert.trim());
    Path privateKey = Path.of(key.trim());
    for (var file :
        List.of(
            Map.entry("FACEATTEND_TLS_CERT", certificate),
            Map.entry("FACEATTEND_TLS_KEY", privateKey))) {
      if (!Files.isReadable(file.getValue())) {
        throw new ConfigException(file.getKey() + " is not a readable file: " + file.getValue());
      }
    }
    return Optional.of(new Tls(certificate, privateKey));
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
