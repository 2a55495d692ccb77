package io.faceattend.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.CheckInRequest;
import io.faceattend.proto.v1.CheckInResponse;
import io.faceattend.proto.v1.CheckOutRequest;
import io.faceattend.proto.v1.CheckOutResponse;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.EnrollRequest;
import io.faceattend.proto.v1.EnrollResponse;
import io.faceattend.proto.v1.EnrollmentServiceGrpc;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.GetProfileRequest;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.GetStatusResponse;
import io.faceattend.proto.v1.HistoryServiceGrpc;
import io.faceattend.proto.v1.ListHistoryRequest;
import io.faceattend.proto.v1.ListHistoryResponse;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.LoginResponse;
import io.faceattend.proto.v1.LogoutRequest;
import io.faceattend.proto.v1.RefreshRequest;
import io.faceattend.proto.v1.RefreshResponse;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.faceattend.proto.v1.User;
import io.faceattend.proto.v1.UserServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small client for the FaceAttend gateway over gRPC: signs in, attaches the bearer token to every
 * call, and when a call fails with UNAUTHENTICATED because the access token expired, refreshes the
 * tokens (rotating the refresh token) and retries that call exactly once. Thread-safe.
 *
 * <pre>{@code
 * try (FaceAttendClient client = FaceAttendClient.connect("attendance.example.com", 443, true)) {
 *   client.login("employee01", "secret");
 *   if (client.status().getUserStatus() == UserStatus.USER_STATUS_ACTIVE) {
 *     client.checkIn(selfieBytes, 24.8607, 67.0011);
 *   }
 * }
 * }</pre>
 */
public final class FaceAttendClient implements AutoCloseable {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel ownedChannel;
  private final Channel authenticated;
  private final AuthServiceGrpc.AuthServiceBlockingStub auth;
  private final String deviceId;
  private final DevicePlatform device;
  private volatile String accessToken;
  private volatile String refreshToken;
  private volatile User user;

  private FaceAttendClient(
      ManagedChannel ownedChannel, Channel channel, DevicePlatform device, String deviceId) {
    this.ownedChannel = ownedChannel;
    this.auth = AuthServiceGrpc.newBlockingStub(channel);
    this.authenticated = ClientInterceptors.intercept(channel, new BearerToken());
    this.device = device;
    this.deviceId = deviceId;
  }

  /**
   * Connects to a gateway (TLS unless {@code useTls} is false, e.g. for a local development
   * server).
   */
  public static FaceAttendClient connect(String host, int port, boolean useTls) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(host, port).maxInboundMessageSize(32 << 20);
    ManagedChannel channel =
        (useTls ? builder.useTransportSecurity() : builder.usePlaintext()).build();
    return new FaceAttendClient(
        channel,
        channel,
        DevicePlatform.DEVICE_PLATFORM_ANDROID,
        "java-client-" + UUID.randomUUID());
  }

  /** Uses an existing channel (not closed by {@link #close()}), reporting the given device. */
  public static FaceAttendClient over(Channel channel, DevicePlatform device, String deviceId) {
    return new FaceAttendClient(null, channel, device, deviceId);
  }

  /** Signs in with username or e-mail; keeps the tokens for the following calls. */
  public LoginResponse login(String username, String password) {
    LoginResponse response =
        auth.login(LoginRequest.newBuilder().setUsername(username).setPassword(password).build());
    accessToken = response.getAccessToken();
    refreshToken = response.getRefreshToken();
    user = response.getUser();
    return response;
  }

  /** The signed-in user, from the last login. */
  public User user() {
    return user;
  }

  /**
   * Exchanges the refresh token for new tokens. Called automatically on an expired access token.
   */
  public synchronized void refresh() {
    RefreshResponse response =
        auth.refresh(
            RefreshRequest.newBuilder()
                .setRefreshToken(Objects.requireNonNull(refreshToken, "not signed in"))
                // opts in to rotation with reuse detection: each answer carries the next refresh
                // token
                .setRotate(true)
                .build());
    accessToken = response.getAccessToken();
    refreshToken = response.getRefreshToken();
  }

  public GetStatusResponse status() {
    return withRefresh(
        () ->
            AttendanceServiceGrpc.newBlockingStub(authenticated)
                .getStatus(GetStatusRequest.getDefaultInstance()));
  }

  public User profile() {
    return withRefresh(
        () ->
            UserServiceGrpc.newBlockingStub(authenticated)
                .getProfile(GetProfileRequest.getDefaultInstance())
                .getUser());
  }

  /** Enrols one or more photos of the signed-in user's face. */
  public EnrollResponse enroll(byte[]... photos) {
    EnrollRequest.Builder request =
        EnrollRequest.newBuilder().setDevice(device).setDeviceId(deviceId);
    for (byte[] photo : photos) {
      request.addImages(ByteString.copyFrom(photo));
    }
    return withRefresh(
        () -> EnrollmentServiceGrpc.newBlockingStub(authenticated).enroll(request.build()));
  }

  /** Checks in with a live selfie at a location; safe to retry (one request id per call). */
  public CheckInResponse checkIn(byte[] selfie, double latitude, double longitude) {
    CheckInRequest.Builder request = CheckInRequest.newBuilder();
    punch(request, selfie, latitude, longitude);
    return withRefresh(
        () -> AttendanceServiceGrpc.newBlockingStub(authenticated).checkIn(request.build()));
  }

  /** Checks out with a live selfie at a location; safe to retry (one request id per call). */
  public CheckOutResponse checkOut(byte[] selfie, double latitude, double longitude) {
    CheckOutRequest.Builder request = CheckOutRequest.newBuilder();
    punch(request, selfie, latitude, longitude);
    return withRefresh(
        () -> AttendanceServiceGrpc.newBlockingStub(authenticated).checkOut(request.build()));
  }

  /**
   * A check-in or check-out request: the two messages carry the same fields under the same names,
   * set here by name once (as the server reads them, grpc/Requests.punch); one request id per call,
   * so the retry after a token refresh is the same punch.
   */
  private void punch(Message.Builder request, byte[] selfie, double latitude, double longitude) {
    Descriptors.Descriptor type = request.getDescriptorForType();
    request
        .setField(type.findFieldByName("image"), ByteString.copyFrom(selfie))
        .setField(type.findFieldByName("device"), device.getValueDescriptor())
        .setField(type.findFieldByName("device_id"), deviceId)
        .setField(type.findFieldByName("latitude"), latitude)
        .setField(type.findFieldByName("longitude"), longitude)
        .setField(type.findFieldByName("request_id"), UUID.randomUUID().toString());
  }

  public ListHistoryResponse history(int page, int limit, String from, String to) {
    ListHistoryRequest request =
        ListHistoryRequest.newBuilder()
            .setPage(page)
            .setLimit(limit)
            .setFrom(from == null ? "" : from)
            .setTo(to == null ? "" : to)
            .build();
    return withRefresh(
        () -> HistoryServiceGrpc.newBlockingStub(authenticated).listHistory(request));
  }

  /**
   * Opens a StreamVerify call: send frames on the returned observer (the first carrying the
   * target), receive per-frame results and the final decision on {@code responses}.
   */
  public StreamObserver<StreamVerifyRequest> streamVerify(
      StreamObserver<StreamVerifyResponse> responses) {
    return FaceEngineServiceGrpc.newStub(authenticated).streamVerify(responses);
  }

  /** Ends the session on the server and forgets the tokens. */
  public void logout() {
    withRefresh(
        () ->
            AuthServiceGrpc.newBlockingStub(authenticated)
                .logout(LogoutRequest.getDefaultInstance()));
    accessToken = null;
    refreshToken = null;
  }

  /**
   * Runs a call; on UNAUTHENTICATED, refreshes the tokens once and runs it again. If the refresh
   * itself is refused (session ended), that refusal is thrown: the app must sign in again.
   */
  private <T> T withRefresh(Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNAUTHENTICATED || refreshToken == null) {
        throw e;
      }
      refresh();
      return call.get();
    }
  }

  @Override
  public void close() {
    if (ownedChannel != null) {
      ownedChannel.shutdown();
      try {
        ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Adds {@code authorization: Bearer <access token>} to every call made through {@link
   * #authenticated}.
   */
  private final class BearerToken implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          String token = accessToken;
          if (token != null) {
            headers.put(AUTHORIZATION, "Bearer " + token);
          }
          super.start(listener, headers);
        }
      };
    }
  }
}
