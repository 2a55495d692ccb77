package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.LoginResponse;
import io.faceattend.proto.v1.LogoutRequest;
import io.faceattend.proto.v1.LogoutResponse;
import io.faceattend.proto.v1.RefreshRequest;
import io.faceattend.proto.v1.RefreshResponse;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Authentication}. */
public final class AuthGrpcService extends AuthServiceGrpc.AuthServiceImplBase {

  private final Authentication authentication;

  public AuthGrpcService(Authentication authentication) {
    this.authentication = authentication;
  }

  @Override
  public void login(LoginRequest request, StreamObserver<LoginResponse> observer) {
    Authentication.Location location = location(request);
    Authentication.LoginResult result =
        authentication.login(
            request.getUsername(), request.getPassword(), location, Caller.origin());
    reply(
        observer,
        LoginResponse.newBuilder()
            .setAccessToken(result.tokens().accessToken())
            .setRefreshToken(result.tokens().refreshToken())
            .setIsFirstLogin(result.user().getFaceEnrolledAt() == null)
            .setUser(Messages.user(result.user()))
            .build());
  }

  @Override
  public void refresh(RefreshRequest request, StreamObserver<RefreshResponse> observer) {
    Authentication.Tokens tokens =
        authentication.refresh(request.getRefreshToken(), request.getRotate());
    reply(
        observer,
        RefreshResponse.newBuilder()
            .setAccessToken(tokens.accessToken())
            .setRefreshToken(tokens.refreshToken())
            .build());
  }

  @Override
  public void logout(LogoutRequest request, StreamObserver<LogoutResponse> observer) {
    authentication.logout(Caller.current().sessionId());
    reply(observer, LogoutResponse.newBuilder().setMessage("Logged out successfully").build());
  }

  /** Optional at login, but if sent it must be a real coordinate pair. */
  private static Authentication.Location location(LoginRequest request) {
    if (request.hasLatitude() != request.hasLongitude()) {
      throw new ApiException(
          ErrorCode.INVALID_LOCATION, "Send both latitude and longitude, or neither");
    }
    if (!request.hasLatitude()) {
      return Authentication.Location.NONE;
    }
    Locations.check(request.getLatitude(), request.getLongitude());
    return new Authentication.Location(request.getLatitude(), request.getLongitude());
  }
}
