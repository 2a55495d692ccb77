package io.faceattend.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faceattend.client.ErrorReasons;
import io.faceattend.gateway.Gateway;
import io.faceattend.proto.v1.AdminServiceGrpc;
import io.faceattend.proto.v1.ApproveUserRequest;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.GetProfileRequest;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.GetStatusResponse;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.LoginResponse;
import io.faceattend.proto.v1.LogoutRequest;
import io.faceattend.proto.v1.RefreshRequest;
import io.faceattend.proto.v1.RefreshResponse;
import io.faceattend.proto.v1.Role;
import io.faceattend.proto.v1.UserServiceGrpc;
import io.faceattend.proto.v1.UserStatus;
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
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mobile sign-in flow over real gRPC (HTTP/2 to the gateway's port) with the generated stubs.
 */
class GrpcFlowTest {

  private static FaceAttendPlatform platform;
  private static Gateway gateway;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    ServerConfig config =
        ServerConfig.from(
            Map.of(
                "FACEATTEND_RATE_LIMITS",
                "off",
                "FACEATTEND_DATA_DIR",
                Files.createTempDirectory("faceattend-client-test").toString()));
    platform = FaceAttendPlatform.start(config);
    gateway = Gateway.start(platform, 0);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "employee01", "s3cret-pass", "Ahmed Ali", "ahmed@company.com", Role.ROLE_EMPLOYEE),
            AuditLog.Actor.cli());
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    gateway.close();
    platform.close();
  }

  private static <S extends AbstractStub<S>> S withToken(S stub, String accessToken) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + accessToken);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static void assertFails(Runnable call, Status.Code code, String reason) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("call should fail with " + reason).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(ErrorReasons.of(e)).contains(reason);
  }

  @Test
  void loginStatusRefreshReuseAndLogout() {
    var auth = AuthServiceGrpc.newBlockingStub(channel);
    LoginResponse login =
        auth.login(
            LoginRequest.newBuilder()
                .setUsername("employee01")
                .setPassword("s3cret-pass")
                .setLatitude(1.2323)
                .setLongitude(1.3434)
                .build());
    assertThat(login.getIsFirstLogin()).isTrue();
    assertThat(login.getUser().getUsername()).isEqualTo("employee01");
    assertThat(login.getUser().getEmail()).isEqualTo("ahmed@company.com");

    GetStatusResponse status =
        withToken(AttendanceServiceGrpc.newBlockingStub(channel), login.getAccessToken())
            .getStatus(GetStatusRequest.getDefaultInstance());
    assertThat(status.getUserStatus()).isEqualTo(UserStatus.USER_STATUS_FIRST_LOGIN);
    assertThat(status.getAttendanceStatus())
        .isEqualTo(AttendanceStatus.ATTENDANCE_STATUS_NOT_CHECKED_IN);
    assertThat(status.hasCheckInTime()).isFalse();
    assertThat(
            withToken(UserServiceGrpc.newBlockingStub(channel), login.getAccessToken())
                .getProfile(GetProfileRequest.getDefaultInstance())
                .getUser()
                .getId())
        .isEqualTo(login.getUser().getId());

    // seed 000's client keeps its first refresh token: it stays valid
    RefreshResponse plain =
        auth.refresh(RefreshRequest.newBuilder().setRefreshToken(login.getRefreshToken()).build());
    assertThat(plain.getRefreshToken()).isEqualTo(login.getRefreshToken());
    // a rotating client gets the next token; a retry within the grace (lost answer) still works
    RefreshResponse refreshed =
        auth.refresh(
            RefreshRequest.newBuilder()
                .setRefreshToken(login.getRefreshToken())
                .setRotate(true)
                .build());
    assertThat(refreshed.getAccessToken()).isNotEqualTo(login.getAccessToken());
    assertThat(refreshed.getRefreshToken()).isNotEqualTo(login.getRefreshToken());
    RefreshResponse retried =
        auth.refresh(
            RefreshRequest.newBuilder()
                .setRefreshToken(login.getRefreshToken())
                .setRotate(true)
                .build());
    assertThat(
            withToken(AttendanceServiceGrpc.newBlockingStub(channel), retried.getAccessToken())
                .getStatus(GetStatusRequest.getDefaultInstance())
                .getUserStatus())
        .isEqualTo(UserStatus.USER_STATUS_FIRST_LOGIN);

    LoginResponse again =
        auth.login(
            LoginRequest.newBuilder()
                .setUsername("ahmed@company.com")
                .setPassword("s3cret-pass")
                .build());
    withToken(AuthServiceGrpc.newBlockingStub(channel), again.getAccessToken())
        .logout(LogoutRequest.getDefaultInstance());
    assertFails(
        () ->
            withToken(AttendanceServiceGrpc.newBlockingStub(channel), again.getAccessToken())
                .getStatus(GetStatusRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "token_revoked");
    assertFails(
        () ->
            auth.refresh(
                RefreshRequest.newBuilder().setRefreshToken(again.getRefreshToken()).build()),
        Status.Code.UNAUTHENTICATED,
        "invalid_refresh_token");
  }

  @Test
  void badCredentialsAndMissingTokensAreUnauthenticated() {
    var auth = AuthServiceGrpc.newBlockingStub(channel);
    assertFails(
        () ->
            auth.login(
                LoginRequest.newBuilder().setUsername("employee01").setPassword("wrong").build()),
        Status.Code.UNAUTHENTICATED,
        "invalid_credentials");
    assertFails(
        () -> auth.login(LoginRequest.newBuilder().setUsername("employee01").build()),
        Status.Code.INVALID_ARGUMENT,
        "missing_field");
    assertFails(
        () ->
            AttendanceServiceGrpc.newBlockingStub(channel)
                .getStatus(GetStatusRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "missing_token");
    assertFails(
        () ->
            withToken(AttendanceServiceGrpc.newBlockingStub(channel), "a.b.c")
                .getStatus(GetStatusRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "invalid_token");
  }

  @Test
  void anEmployeeCannotCallAdminRpcs() {
    LoginResponse login =
        AuthServiceGrpc.newBlockingStub(channel)
            .login(
                LoginRequest.newBuilder()
                    .setUsername("employee01")
                    .setPassword("s3cret-pass")
                    .build());
    assertFails(
        () ->
            withToken(AdminServiceGrpc.newBlockingStub(channel), login.getAccessToken())
                .approveUser(
                    ApproveUserRequest.newBuilder().setUserId(login.getUser().getId()).build()),
        Status.Code.PERMISSION_DENIED,
        "forbidden");
  }
}
