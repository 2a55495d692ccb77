package io.faceattend.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.faceattend.client.ErrorReasons;
import io.faceattend.client.FaceAttendClient;
import io.faceattend.gateway.Gateway;
import io.faceattend.proto.v1.AdminServiceGrpc;
import io.faceattend.proto.v1.ApproveUserRequest;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.MatchTarget;
import io.faceattend.proto.v1.Role;
import io.faceattend.proto.v1.StreamVerifyDecision;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.faceattend.proto.v1.UserStatus;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.MutableClock;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.users.UserAccounts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client against a running gateway: token refresh on expiry, the mobile calls, the frame
 * stream.
 */
class FaceAttendClientTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.now());
  private static FaceAttendPlatform platform;
  private static Gateway gateway;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    platform =
        FaceAttendPlatform.start(
            ServerConfig.from(
                Map.of(
                    "FACEATTEND_DATA_DIR",
                    Files.createTempDirectory("faceattend-java-client").toString())),
            CLOCK);
    gateway = Gateway.start(platform, 0);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", gateway.port())
            .usePlaintext()
            .maxInboundMessageSize(32 << 20)
            .build();
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "rose", "rose-password", "Rose L", "rose@example.com", Role.ROLE_EMPLOYEE),
            AuditLog.Actor.cli());
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "ivy", "ivy-password", "Ivy", "ivy@example.com", Role.ROLE_EMPLOYEE),
            AuditLog.Actor.cli());
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "root", "root-password", "Root", "root@example.com", Role.ROLE_ADMIN),
            AuditLog.Actor.cli());
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    gateway.close();
    platform.close();
  }

  private static byte[] photo(String relative) throws Exception {
    return Files.readAllBytes(
        Path.of(System.getProperty("faceattend.shared.dir", "../../shared"), "faces", relative));
  }

  @Test
  void refreshesAnExpiredAccessTokenOnceAndCarriesOn() {
    FaceAttendClient client =
        FaceAttendClient.over(channel, DevicePlatform.DEVICE_PLATFORM_IOS, "iphone-1");
    client.login("ivy", "ivy-password");
    assertThat(client.status().getUserStatus()).isEqualTo(UserStatus.USER_STATUS_FIRST_LOGIN);

    CLOCK.advance(Duration.ofMinutes(20)); // the access token has expired
    assertThat(client.profile().getUsername()).isEqualTo("ivy");
    assertThat(client.status().getUserStatus()).isEqualTo(UserStatus.USER_STATUS_FIRST_LOGIN);

    // the account is deleted elsewhere: the call fails, the one refresh is refused, and that
    // reaches the caller
    platform
        .database()
        .dsl()
        .execute("update users set deactivated_at = now() where username = 'ivy'");
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, client::status);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(ErrorReasons.of(e)).contains("invalid_refresh_token");
  }

  @Test
  void enrolsThenVerifiesAStreamOfFrames() throws Exception {
    FaceAttendClient rose =
        FaceAttendClient.over(channel, DevicePlatform.DEVICE_PLATFORM_ANDROID, "pixel-1");
    rose.login("rose@example.com", "rose-password");
    assertThat(rose.enroll(photo("people/rose_leslie/1.jpg")).getImages(0).getAccepted()).isTrue();

    FaceAttendClient admin =
        FaceAttendClient.over(channel, DevicePlatform.DEVICE_PLATFORM_ANDROID, "desk");
    admin.login("root", "root-password");
    Metadata headers = new Metadata();
    // the admin RPCs are plain generated stubs; the client's token rides along through its own
    // login
    String token =
        AuthServiceGrpc.newBlockingStub(channel)
            .login(
                LoginRequest.newBuilder().setUsername("root").setPassword("root-password").build())
            .getAccessToken();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    AdminServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .approveUser(ApproveUserRequest.newBuilder().setUserId(rose.user().getId()).build());
    assertThat(rose.status().getUserStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);

    // a kiosk streams three frames of Rose, matched against her stored templates by subject id
    List<StreamVerifyResponse> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<StreamVerifyRequest> frames =
        admin.streamVerify(
            new StreamObserver<>() {
              @Override
              public void onNext(StreamVerifyResponse value) {
                answers.add(value);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    frames.onNext(
        StreamVerifyRequest.newBuilder()
            .setTarget(MatchTarget.newBuilder().setSubjectId(Long.toString(rose.user().getId())))
            .setRequiredFrames(2)
            .setImage(ByteString.copyFrom(photo("people/rose_leslie/2.jpg")))
            .build());
    frames.onNext(
        StreamVerifyRequest.newBuilder()
            .setImage(ByteString.copyFrom(photo("people/rose_leslie/1.jpg")))
            .build());
    frames.onCompleted();
    done.get(60, TimeUnit.SECONDS);
    assertThat(answers).isNotEmpty();
    assertThat(answers.get(answers.size() - 1).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_VERIFIED);
    assertThat(answers.get(0).getMatch()).isTrue();
  }

  @Test
  void refusalsCarryTheirReason() {
    FaceAttendClient client =
        FaceAttendClient.over(channel, DevicePlatform.DEVICE_PLATFORM_IOS, "iphone-2");
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> client.login("rose", "wrong-password"));
    assertThat(ErrorReasons.of(e)).contains("invalid_credentials");
  }
}
