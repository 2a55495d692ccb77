package io.faceattend.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.faceattend.client.ErrorReasons;
import io.faceattend.gateway.Gateway;
import io.faceattend.proto.v1.AddSiteMembersRequest;
import io.faceattend.proto.v1.AdminServiceGrpc;
import io.faceattend.proto.v1.ApproveUserRequest;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.AttendanceStatus;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.CheckInRequest;
import io.faceattend.proto.v1.CheckInResponse;
import io.faceattend.proto.v1.CheckOutRequest;
import io.faceattend.proto.v1.CheckOutResponse;
import io.faceattend.proto.v1.CreateSiteRequest;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.EnrollRequest;
import io.faceattend.proto.v1.EnrollmentServiceGrpc;
import io.faceattend.proto.v1.GeoPoint;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.HistoryServiceGrpc;
import io.faceattend.proto.v1.ListHistoryRequest;
import io.faceattend.proto.v1.ListHistoryResponse;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.Role;
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
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed 000 flow over gRPC with the generated stubs: enrol, approve, check in and out, history.
 */
class GrpcMobileFlowTest {

  private static FaceAttendPlatform platform;
  private static Gateway gateway;
  private static ManagedChannel channel;
  private static long employeeId;

  @BeforeAll
  static void start() throws Exception {
    ServerConfig config =
        ServerConfig.from(
            Map.of(
                "FACEATTEND_RATE_LIMITS",
                "off",
                "FACEATTEND_DATA_DIR",
                Files.createTempDirectory("faceattend-grpc-flow").toString(),
                "FACEATTEND_TIME_ZONE",
                "UTC"));
    platform = FaceAttendPlatform.start(config);
    gateway = Gateway.start(platform, 0);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", gateway.port())
            .usePlaintext()
            .maxInboundMessageSize(32 * 1024 * 1024)
            .build();
    employeeId =
        platform
            .users()
            .create(
                new UserAccounts.NewUser(
                    "katy", "katy-password", "Katy P", "katy@company.com", Role.ROLE_EMPLOYEE),
                AuditLog.Actor.cli())
            .getId();
    platform
        .users()
        .create(
            new UserAccounts.NewUser(
                "admin", "admin-password", "Admin", "admin@company.com", Role.ROLE_ADMIN),
            AuditLog.Actor.cli());
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    gateway.close();
    platform.close();
  }

  private static ByteString photo(String relative) throws IOException {
    Path faces = Path.of(System.getProperty("faceattend.shared.dir", "../../shared"), "faces");
    return ByteString.copyFrom(Files.readAllBytes(faces.resolve(relative)));
  }

  private static String login(String username, String password) {
    return AuthServiceGrpc.newBlockingStub(channel)
        .login(LoginRequest.newBuilder().setUsername(username).setPassword(password).build())
        .getAccessToken();
  }

  private static <S extends AbstractStub<S>> S as(S stub, String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void enrolApproveCheckInCheckOutHistory() throws Exception {
    String admin = login("admin", "admin-password");
    String katy = login("katy", "katy-password");
    var adminStub = as(AdminServiceGrpc.newBlockingStub(channel), admin);
    long siteId =
        adminStub
            .createSite(
                CreateSiteRequest.newBuilder()
                    .setName("HQ")
                    .setTimeZone("UTC")
                    .setCenter(GeoPoint.newBuilder().setLatitude(51.5007).setLongitude(-0.1246))
                    .setRadiusM(300)
                    .build())
            .getSite()
            .getId();
    adminStub.addSiteMembers(
        AddSiteMembersRequest.newBuilder().setSiteId(siteId).addUserIds(employeeId).build());

    var attendance = as(AttendanceServiceGrpc.newBlockingStub(channel), katy);
    assertThat(attendance.getStatus(GetStatusRequest.getDefaultInstance()).getUserStatus())
        .isEqualTo(UserStatus.USER_STATUS_FIRST_LOGIN);

    var enrolled =
        as(EnrollmentServiceGrpc.newBlockingStub(channel), katy)
            .enroll(
                EnrollRequest.newBuilder()
                    .addImages(photo("people/katy_perry/2.jpg"))
                    .setDevice(DevicePlatform.DEVICE_PLATFORM_ANDROID)
                    .setDeviceId("galaxy-s24")
                    .build());
    assertThat(enrolled.getImages(0).getAccepted()).isTrue();
    assertThat(attendance.getStatus(GetStatusRequest.getDefaultInstance()).getUserStatus())
        .isEqualTo(UserStatus.USER_STATUS_PENDING);

    adminStub.approveUser(ApproveUserRequest.newBuilder().setUserId(employeeId).build());
    var status = attendance.getStatus(GetStatusRequest.getDefaultInstance());
    assertThat(status.getUserStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
    assertThat(status.getAttendanceStatus())
        .isEqualTo(AttendanceStatus.ATTENDANCE_STATUS_NOT_CHECKED_IN);

    // another person's face: refused with verified=false in the ErrorInfo
    StatusRuntimeException mismatch =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> attendance.checkIn(checkIn("people/scarlett_johansson/2.jpg")));
    assertThat(mismatch.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorReasons.of(mismatch)).contains("face_mismatch");
    ErrorInfo info = StatusProto.fromThrowable(mismatch).getDetails(0).unpack(ErrorInfo.class);
    assertThat(info.getMetadataMap())
        .containsEntry("verified", "false")
        .containsEntry("liveness", "true");

    CheckInResponse in = attendance.checkIn(checkIn("people/katy_perry/5.jpg"));
    assertThat(in.getVerified()).isTrue();
    assertThat(in.getLiveness()).isTrue();
    assertThat(in.getCheckInTime()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    assertThat(attendance.getStatus(GetStatusRequest.getDefaultInstance()).getAttendanceStatus())
        .isEqualTo(AttendanceStatus.ATTENDANCE_STATUS_CHECKED_IN);

    CheckOutResponse out =
        attendance.checkOut(
            CheckOutRequest.newBuilder()
                .setImage(photo("people/katy_perry/6.jpg"))
                .setDevice(DevicePlatform.DEVICE_PLATFORM_ANDROID)
                .setDeviceId("galaxy-s24")
                .setLatitude(51.5010)
                .setLongitude(-0.1240)
                .build());
    assertThat(out.getVerified()).isTrue();
    var done = attendance.getStatus(GetStatusRequest.getDefaultInstance());
    assertThat(done.getAttendanceStatus())
        .isEqualTo(AttendanceStatus.ATTENDANCE_STATUS_CHECKED_OUT);
    assertThat(done.hasCheckInTime()).isTrue();
    assertThat(done.hasCheckOutTime()).isTrue();

    ListHistoryResponse history =
        as(HistoryServiceGrpc.newBlockingStub(channel), katy)
            .listHistory(ListHistoryRequest.getDefaultInstance());
    assertThat(history.getTotal()).isEqualTo(1);
    assertThat(history.getRecords(0).getDate()).isEqualTo(done.getDate());
    assertThat(history.getRecords(0).getCheckIn()).isEqualTo(done.getCheckInTime());
    assertThat(history.getRecords(0).getCheckOut()).isEqualTo(done.getCheckOutTime());
  }

  private static CheckInRequest checkIn(String photo) throws IOException {
    return CheckInRequest.newBuilder()
        .setImage(photo(photo))
        .setDevice(DevicePlatform.DEVICE_PLATFORM_ANDROID)
        .setDeviceId("galaxy-s24")
        .setLatitude(51.5010)
        .setLongitude(-0.1240)
        .setAccuracyM(12)
        .build();
  }
}
