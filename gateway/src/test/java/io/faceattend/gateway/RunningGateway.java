package io.faceattend.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.identification.IdentificationSettings;
import io.faceattend.server.users.Roles;
import io.faceattend.server.users.UserAccounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on a throwaway embedded PostgreSQL and a free port, plus a small HTTP client
 * for tests.
 */
final class RunningGateway implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final FaceAttendPlatform platform;
  final Gateway gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  RunningGateway(Clock clock) {
    this(clock, GatewayConfig.DEFAULT);
  }

  RunningGateway(Clock clock, GatewayConfig gatewayConfig) {
    this(
        clock,
        newDataDirectory(),
        Map.of(),
        gatewayConfig,
        IdentificationSettings.fromEnvironment());
  }

  /**
   * A platform on {@code dataDir} (reused: the same embedded database) with more environment
   * variables.
   */
  RunningGateway(Clock clock, Path dataDir, Map<String, String> environment) {
    this(
        clock,
        dataDir,
        environment,
        GatewayConfig.DEFAULT,
        IdentificationSettings.fromEnvironment());
  }

  /**
   * With extra environment (e.g. another node's FACEATTEND_DATABASE_URL and keys) and
   * identification settings.
   */
  RunningGateway(
      Clock clock, Map<String, String> environment, IdentificationSettings identification) {
    this(clock, newDataDirectory(), environment, GatewayConfig.DEFAULT, identification);
  }

  private RunningGateway(
      Clock clock,
      Path dataDir,
      Map<String, String> environment,
      GatewayConfig gatewayConfig,
      IdentificationSettings identification) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("FACEATTEND_DATA_DIR", dataDir.toString());
    ServerConfig config = ServerConfig.from(env);
    platform = FaceAttendPlatform.start(config, clock, identification);
    gateway = Gateway.start(platform, List.of(), 0, gatewayConfig);
  }

  private static RunningGateway shared;

  /**
   * One platform for every test class of this JVM that needs nothing special (the system clock,
   * default configuration): starting one per class costs seconds each. Classes that share it use
   * user names of their own and never close it; it stops with the JVM.
   */
  static synchronized RunningGateway shared() {
    if (shared == null) {
      shared = new RunningGateway(Clock.systemUTC());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  static Path newDataDirectory() {
    try {
      return Files.createTempDirectory("faceattend-gateway-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long createUser(String username, String password, String role) {
    Role parsed = Roles.parse(role);
    return platform
        .users()
        .create(
            new UserAccounts.NewUser(
                username, password, "Name of " + username, username + "@company.com", parsed),
            AuditLog.Actor.cli())
        .getId();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  /** A response with its raw body, parsed JSON (null if not JSON) and status. */
  record Reply(int status, String body, JsonNode json, HttpResponse<String> raw) {}

  Reply get(String path, String accessToken) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    return send(request.build());
  }

  Reply postJson(String path, String body, String accessToken) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    return send(request.build());
  }

  Reply postMultipart(String path, Multipart form, String accessToken, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", form.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build());
  }

  Reply put(String path, String body, String accessToken) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + accessToken)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  Reply delete(String path, String accessToken) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + accessToken)
            .DELETE()
            .build());
  }

  /** Logs in and returns the access token. */
  String login(String username, String password) {
    Reply reply =
        postJson(
            "/api/auth/login",
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
            null);
    if (reply.status() != 200) {
      throw new IllegalStateException("login failed: " + reply.body());
    }
    return reply.json().get("access_token").asText();
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException notJson) {
        // left null: some routes (metrics, docs) are not JSON
      }
      return new Reply(response.statusCode(), response.body(), json, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    platform.close();
  }
}
