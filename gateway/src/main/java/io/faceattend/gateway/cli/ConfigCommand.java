package io.faceattend.gateway.cli;

import io.faceattend.gateway.GatewayConfig;
import io.faceattend.server.config.ServerConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faceattend config}: the effective configuration (defaults applied), secrets masked. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Print the effective configuration (environment variables with defaults applied; secrets "
            + "masked). Invalid values are reported as at start.")
final class ConfigCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    ServerConfig server = ServerConfig.from(env);
    GatewayConfig gateway = GatewayConfig.from(env);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("FACEATTEND_DATA_DIR", server.dataDirectory().toString());
    shown.put(
        "FACEATTEND_DATABASE_URL",
        server
            .database()
            .jdbcUrl()
            .orElse("(embedded PostgreSQL in " + server.dataDirectory().resolve("postgres") + ")"));
    if (!server.database().isEmbedded()) {
      shown.put("FACEATTEND_DATABASE_USER", server.database().user());
      shown.put("FACEATTEND_DATABASE_PASSWORD", mask(server.database().password()));
    }
    shown.put("FACEATTEND_HTTP_PORT", Integer.toString(server.httpPort()));
    shown.put(
        "FACEATTEND_MANAGEMENT_PORT",
        gateway
            .managementPort()
            .map(String::valueOf)
            .orElse("(none: /metrics, /docs and gRPC reflection on the HTTP port)"));
    shown.put(
        "FACEATTEND_CORS_ORIGINS",
        gateway.corsOrigins().isEmpty() ? "(none)" : String.join(",", gateway.corsOrigins()));
    shown.put(
        "FACEATTEND_TLS_CERT",
        gateway.tls().map(t -> t.certificate().toString()).orElse("(none: plain HTTP)"));
    shown.put(
        "FACEATTEND_TLS_KEY",
        gateway.tls().map(t -> t.privateKey().toString()).orElse("(none: plain HTTP)"));
    shown.put(
        "FACEATTEND_REGISTRATION",
        server.accounts().registration().name().toLowerCase(Locale.ROOT));
    shown.put("FACEATTEND_CONSENT_VERSION", server.accounts().consentVersion());
    shown.put(
        "FACEATTEND_RATE_LIMITS",
        server.accounts().rateLimits().limits().isEmpty()
            ? "off"
            : new TreeMap<>(server.accounts().rateLimits().limits())
                .entrySet().stream()
                    .map(
                        e ->
                            e.getKey().key()
                                + "="
                                + e.getValue().requests()
                                + "/"
                                + e.getValue().window())
                    .collect(Collectors.joining(",")));
    shown.put("FACEATTEND_LOG_FORMAT", env.getOrDefault("FACEATTEND_LOG_FORMAT", "text"));
    shown.put("FACEATTEND_LOG_LEVEL", env.getOrDefault("FACEATTEND_LOG_LEVEL", "info"));
    shown.put(
        "FACEATTEND_JWT_SECRET",
        server
            .jwtSecret()
            .map(ConfigCommand::mask)
            .orElse(
                "(generated: " + server.dataDirectory().resolve("secrets/jwt-signing.key") + ")"));
    shown.put(
        "FACEATTEND_TEMPLATE_KEY",
        server
            .templateKey()
            .map(ConfigCommand::mask)
            .orElse("(generated: " + server.dataDirectory().resolve("secrets/template.key") + ")"));
    shown.put("FACEATTEND_ACCESS_TOKEN_TTL", server.accessTokenTtl().toString());
    shown.put("FACEATTEND_REFRESH_TOKEN_TTL", server.refreshTokenTtl().toString());
    shown.put("FACEATTEND_TIME_ZONE", server.timeZone().getId());
    shown.put("FACEATTEND_LOGIN_MAX_FAILURES", Integer.toString(server.loginMaxFailures()));
    shown.put("FACEATTEND_LOGIN_FAILURE_WINDOW", server.loginFailureWindow().toString());
    shown.put("FACEATTEND_REQUIRE_SITE", Boolean.toString(server.requireSite()));
    shown.put(
        "FACEATTEND_GPS_ACCURACY_ALLOWANCE_M", Double.toString(server.gpsAccuracyAllowanceM()));
    shown.put("FACEATTEND_OFFLINE_PUNCH_WINDOW", server.offlinePunchWindow().toString());
    shown.put(
        "FACEATTEND_FACE_ENGINE_ADDRESSES",
        server.faceEngineAddresses().isEmpty()
            ? "(in-process)"
            : String.join(",", server.faceEngineAddresses()));
    shown.put("FACEATTEND_FACE_CONCURRENCY", Integer.toString(server.effectiveFaceConcurrency()));
    shown.put("FACEATTEND_FACE_QUEUE", Integer.toString(server.effectiveFaceQueue()));
    // anything else set (face engine thresholds, model directory, ...) as given, secrets masked
    Map<String, String> others = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("FACEATTEND_") && !shown.containsKey(name)) {
            others.put(name, isSecret(name) ? mask(value) : value);
          }
        });
    PrintWriter out = spec.commandLine().getOut();
    shown.forEach((name, value) -> out.println(name + "=" + value));
    others.forEach((name, value) -> out.println(name + "=" + value));
    return 0;
  }

  private static boolean isSecret(String name) {
    return name.contains("SECRET")
        || name.contains("PASSWORD")
        || name.contains("KEY")
        || name.contains("TOKEN");
  }

  private static String mask(String secret) {
    return secret == null || secret.isEmpty()
        ? "(empty)"
        : "****** (" + secret.length() + " characters)";
  }
}
