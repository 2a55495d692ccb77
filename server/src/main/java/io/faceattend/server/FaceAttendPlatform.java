package io.faceattend.server;

import io.faceattend.db.Database;
import io.faceattend.proto.v1.EnrollmentServiceGrpc;
import io.faceattend.proto.v1.HistoryServiceGrpc;
import io.faceattend.server.attendance.TodayStatus;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.auth.AuthInterceptor;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.auth.SessionVerifier;
import io.faceattend.server.auth.TokenService;
import io.faceattend.server.config.SecretFiles;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.grpc.AttendanceGrpcService;
import io.faceattend.server.grpc.AuthGrpcService;
import io.faceattend.server.grpc.UserGrpcService;
import io.faceattend.server.users.UserAccounts;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * The server side assembled: database, domain objects and the gRPC services behind the auth interceptor. The
 * gateway serves {@link #services()} over gRPC, gRPC-Web and REST; the CLI uses the domain objects directly.
 */
public final class FaceAttendPlatform implements AutoCloseable {

  private final ServerConfig config;
  private final Database database;
  private final UserAccounts users;
  private final List<ServerServiceDefinition> services;

  private FaceAttendPlatform(ServerConfig config, Database database, Clock clock) {
    this.config = config;
    this.database = database;
    var db = database.dsl();
    PasswordHasher hasher = new PasswordHasher();
    AuditLog audit = new AuditLog();
    this.users = new UserAccounts(db, hasher, audit);
    TokenService tokens = new TokenService(signingKey(config), config.accessTokenTtl(), clock);
    Authentication authentication = new Authentication(db, users, hasher, tokens, config.refreshTokenTtl(),
        config.loginMaxFailures(), config.loginFailureWindow(), clock);
    AuthInterceptor auth = new AuthInterceptor(tokens, new SessionVerifier(db));
    List<BindableService> bindable = List.of(
        new AuthGrpcService(authentication),
        new UserGrpcService(users),
        new AttendanceGrpcService(new TodayStatus(config.timeZone(), clock)),
        // in the contract, served by the mobile attendance API: UNIMPLEMENTED until then
        new EnrollmentServiceGrpc.EnrollmentServiceImplBase() {},
        new HistoryServiceGrpc.HistoryServiceImplBase() {});
    this.services = bindable.stream()
        .map(service -> ServerInterceptors.intercept(service, auth))
        .toList();
  }

  /** Opens the database (starting the embedded one if configured so) and builds the services. */
  public static FaceAttendPlatform start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static FaceAttendPlatform start(ServerConfig config, Clock clock) {
    Database database = Database.open(config.database());
    try {
      return new FaceAttendPlatform(config, database, clock);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static byte[] signingKey(ServerConfig config) {
    return config.jwtSecret()
        .map(secret -> {
          byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
          if (bytes.length < 32) {
            throw new io.faceattend.server.config.ConfigException(
                "FACEATTEND_JWT_SECRET must be at least 32 bytes long");
          }
          return bytes;
        })
        .orElseGet(() -> SecretFiles.loadOrCreate(config.dataDirectory().resolve("secrets/jwt-signing.key"), 32));
  }

  /** The gRPC services, each behind the auth interceptor. */
  public List<ServerServiceDefinition> services() {
    return services;
  }

  public UserAccounts users() {
    return users;
  }

  public Database database() {
    return database;
  }

  public ServerConfig config() {
    return config;
  }

  @Override
  public void close() {
    database.close();
  }
}
