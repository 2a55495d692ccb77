package io.faceattend.clients;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.faceattend.client.ErrorReasons;
import io.faceattend.gateway.Gateway;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.ApiKeyServiceGrpc;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.CreateApiKeyRequest;
import io.faceattend.proto.v1.CreateApiKeyResponse;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.FaceTemplate;
import io.faceattend.proto.v1.FaceTemplates;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.ListApiKeysRequest;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.MachineScope;
import io.faceattend.proto.v1.MatchTarget;
import io.faceattend.proto.v1.RevokeApiKeyRequest;
import io.faceattend.proto.v1.Role;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.faceattend.proto.v1.VerifyRequest;
import io.faceattend.proto.v1.VerifyResponse;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.users.UserAccounts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No biometric oracle, over real gRPC with real photos: every FaceEngineService RPC refuses a user
 * account (employee) with PERMISSION_DENIED and serves an admin and a machine credential scoped
 * partner_verify; API keys are shown once, listed without their secret, scoped, revocable at once,
 * and their changes audited.
 */
class FaceEngineAccessTest {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

  private static FaceAttendPlatform platform;
  private static Gateway gateway;
  private static ManagedChannel channel;
  private static String admin;
  private static String employee;

  @BeforeAll
  static void start() throws Exception {
    ServerConfig config =
        ServerConfig.from(
            Map.of(
                "FACEATTEND_DATA_DIR",
                Files.createTempDirectory("faceattend-engine-access").toString()));
    platform = FaceAttendPlatform.start(config);
    gateway = Gateway.start(platform, 0);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", gateway.port())
            .usePlaintext()
            .maxInboundMessageSize(32 * 1024 * 1024)
            .build();
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "boss", "boss-password", "Boss", "boss@company.com", Role.ROLE_ADMIN),
            AuditLog.Actor.cli());
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "worker", "worker-password", "Worker", "worker@company.com", Role.ROLE_EMPLOYEE),
            AuditLog.Actor.cli());
    admin = login("boss", "boss-password");
    employee = login("worker", "worker-password");
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    gateway.close();
    platform.close();
  }

  private static String login(String username, String password) {
    return AuthServiceGrpc.newBlockingStub(channel)
        .login(LoginRequest.newBuilder().setUsername(username).setPassword(password).build())
        .getAccessToken();
  }

  private static <S extends AbstractStub<S>> S asUser(S stub, String token) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static <S extends AbstractStub<S>> S asMachine(S stub, String apiKey) {
    Metadata headers = new Metadata();
    headers.put(API_KEY, apiKey);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static ByteString photo(String relative) throws IOException {
    Path faces = Path.of(System.getProperty("faceattend.shared.dir", "../../shared"), "faces");
    return ByteString.copyFrom(Files.readAllBytes(faces.resolve(relative)));
  }

  private static void assertFails(Runnable call, Status.Code code, String reason) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("call should fail with " + reason).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(ErrorReasons.of(e)).contains(reason);
  }

  private static String createKey(String name, MachineScope... scopes) {
    CreateApiKeyResponse created =
        asUser(ApiKeyServiceGrpc.newBlockingStub(channel), admin)
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setName(name)
                    .addAllScopes(List.of(scopes))
                    .build());
    assertThat(created.getApiKey()).startsWith(created.getKey().getPrefix());
    return created.getApiKey();
  }

  /** The first answer of a one-frame StreamVerify call, or the error that ended it. */
  private static StreamVerifyResponse streamOneFrame(
      FaceEngineServiceGrpc.FaceEngineServiceStub stub, StreamVerifyRequest frame)
      throws Exception {
    CompletableFuture<StreamVerifyResponse> first = new CompletableFuture<>();
    StreamObserver<StreamVerifyRequest> frames =
        stub.streamVerify(
            new StreamObserver<>() {
              @Override
              public void onNext(StreamVerifyResponse value) {
                first.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                first.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                first.completeExceptionally(
                    new IllegalStateException("stream ended without an answer"));
              }
            });
    frames.onNext(frame);
    try {
      return first.get(60, TimeUnit.SECONDS);
    } finally {
      frames.onCompleted();
    }
  }

  @Test
  void anEmployeeGetsPermissionDeniedOnEveryFaceEngineRpc() throws Exception {
    ByteString image = photo("people/angelina_jolie/1.jpg");
    var engine = asUser(FaceEngineServiceGrpc.newBlockingStub(channel), employee);
    MatchTarget someone = MatchTarget.newBuilder().setSubjectId("1").build();
    assertFails(
        () ->
            engine.analyze(
                AnalyzeRequest.newBuilder().setImage(image).setWithEmbeddings(true).build()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    assertFails(
        () -> engine.embed(EmbedRequest.newBuilder().setImage(image).build()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    assertFails(
        () -> engine.verify(VerifyRequest.newBuilder().setImage(image).setTarget(someone).build()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    assertFails(
        () -> engine.checkLiveness(CheckLivenessRequest.newBuilder().setImage(image).build()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    var streaming = asUser(FaceEngineServiceGrpc.newStub(channel), employee);
    Throwable streamError =
        catchThrowableOfType(
                ExecutionException.class,
                () ->
                    streamOneFrame(
                        streaming,
                        StreamVerifyRequest.newBuilder()
                            .setTarget(someone)
                            .setImage(image)
                            .build()))
            .getCause();
    assertThat(Status.fromThrowable(streamError).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorReasons.of((StatusRuntimeException) streamError)).contains("forbidden");
  }

  @Test
  void anAdminAndAPartnerKeyMayMatchFaces() throws Exception {
    ByteString enrolled = photo("people/angelina_jolie/1.jpg");
    ByteString probe = photo("people/angelina_jolie/2.jpg");
    ByteString other = photo("people/katy_perry/1.jpg");
    var asAdmin = asUser(FaceEngineServiceGrpc.newBlockingStub(channel), admin);
    List<Float> embedding =
        asAdmin
            .embed(EmbedRequest.newBuilder().setImage(enrolled).build())
            .getFace()
            .getEmbeddingList();
    assertThat(embedding).hasSize(512);
    MatchTarget angelina =
        MatchTarget.newBuilder()
            .setTemplates(
                FaceTemplates.newBuilder()
                    .addTemplates(FaceTemplate.newBuilder().addAllEmbedding(embedding)))
            .build();
    assertThat(asAdmin.analyze(AnalyzeRequest.newBuilder().setImage(probe).build()).getFacesCount())
        .isEqualTo(1);

    String partner = createKey("Partner HR system", MachineScope.MACHINE_SCOPE_PARTNER_VERIFY);
    var asPartner = asMachine(FaceEngineServiceGrpc.newBlockingStub(channel), partner);
    VerifyResponse same =
        asPartner.verify(VerifyRequest.newBuilder().setImage(probe).setTarget(angelina).build());
    VerifyResponse notSame =
        asPartner.verify(VerifyRequest.newBuilder().setImage(other).setTarget(angelina).build());
    assertThat(same.getMatch()).isTrue();
    assertThat(notSame.getMatch()).isFalse();
    assertThat(
            asPartner
                .checkLiveness(CheckLivenessRequest.newBuilder().setImage(probe).build())
                .hasFace())
        .isTrue();
    assertThat(
            asPartner
                .embed(EmbedRequest.newBuilder().setImage(probe).build())
                .getFace()
                .getEmbeddingCount())
        .isEqualTo(512);
    StreamVerifyResponse frame =
        streamOneFrame(
            asMachine(FaceEngineServiceGrpc.newStub(channel), partner),
            StreamVerifyRequest.newBuilder().setTarget(angelina).setImage(probe).build());
    assertThat(frame.getFaceCount()).isEqualTo(1);
    assertThat(frame.getMatch()).isTrue();
  }

  @Test
  void keysAreScopedShownOnceRevocableAndAudited() throws Exception {
    ByteString image = photo("people/katy_perry/2.jpg");
    String reader = createKey("Payroll export", MachineScope.MACHINE_SCOPE_REPORTS_READ);
    // a key without a face scope may not use the face engine, and no key may act as a user
    assertFails(
        () ->
            asMachine(FaceEngineServiceGrpc.newBlockingStub(channel), reader)
                .checkLiveness(CheckLivenessRequest.newBuilder().setImage(image).build()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    assertFails(
        () ->
            asMachine(AttendanceServiceGrpc.newBlockingStub(channel), reader)
                .getStatus(GetStatusRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    assertFails(
        () ->
            asMachine(FaceEngineServiceGrpc.newBlockingStub(channel), "fa_not-a-key")
                .checkLiveness(CheckLivenessRequest.newBuilder().setImage(image).build()),
        Status.Code.UNAUTHENTICATED,
        "invalid_api_key");
    // only admins manage keys
    assertFails(
        () ->
            asUser(ApiKeyServiceGrpc.newBlockingStub(channel), employee)
                .listApiKeys(ListApiKeysRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
    assertFails(
        () ->
            asUser(ApiKeyServiceGrpc.newBlockingStub(channel), admin)
                .createApiKey(CreateApiKeyRequest.newBuilder().setName("no scope").build()),
        Status.Code.INVALID_ARGUMENT,
        "missing_field");

    String kiosk = createKey("Lobby kiosk", MachineScope.MACHINE_SCOPE_KIOSK);
    var keys = asUser(ApiKeyServiceGrpc.newBlockingStub(channel), admin);
    var listed =
        keys.listApiKeys(ListApiKeysRequest.getDefaultInstance()).getResultsList().stream()
            .filter(k -> k.getName().equals("Lobby kiosk"))
            .findFirst()
            .orElseThrow();
    assertThat(listed.toString()).doesNotContain(kiosk);
    assertThat(listed.getScopesList()).containsExactly(MachineScope.MACHINE_SCOPE_KIOSK);
    var kioskEngine = asMachine(FaceEngineServiceGrpc.newBlockingStub(channel), kiosk);
    assertThat(
            kioskEngine
                .checkLiveness(CheckLivenessRequest.newBuilder().setImage(image).build())
                .hasFace())
        .isTrue();

    keys.revokeApiKey(RevokeApiKeyRequest.newBuilder().setApiKeyId(listed.getId()).build());
    assertFails(
        () -> kioskEngine.checkLiveness(CheckLivenessRequest.newBuilder().setImage(image).build()),
        Status.Code.UNAUTHENTICATED,
        "invalid_api_key");
    assertThat(keys.listApiKeys(ListApiKeysRequest.getDefaultInstance()).getResultsList())
        .noneMatch(k -> k.getId() == listed.getId());
    assertThat(
            keys.listApiKeys(ListApiKeysRequest.newBuilder().setIncludeRevoked(true).build())
                .getResultsList())
        .anyMatch(k -> k.getId() == listed.getId() && k.hasRevokedAt());
    var db = platform.database().dsl();
    assertThat(
            db.fetchCount(
                AUDIT_LOG,
                AUDIT_LOG
                    .ACTION
                    .eq("api_key.create")
                    .and(AUDIT_LOG.TARGET_ID.eq(Long.toString(listed.getId())))))
        .isEqualTo(1);
    assertThat(
            db.fetchCount(
                AUDIT_LOG,
                AUDIT_LOG
                    .ACTION
                    .eq("api_key.revoke")
                    .and(AUDIT_LOG.TARGET_ID.eq(Long.toString(listed.getId())))))
        .isEqualTo(1);
  }
}
