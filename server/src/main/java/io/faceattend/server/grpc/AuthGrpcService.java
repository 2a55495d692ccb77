package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.CreateInviteRequest;
import io.faceattend.proto.v1.CreateInviteResponse;
import io.faceattend.proto.v1.LoginRequest;
import io.faceattend.proto.v1.LoginResponse;
import io.faceattend.proto.v1.LogoutRequest;
import io.faceattend.proto.v1.LogoutResponse;
import io.faceattend.proto.v1.RefreshRequest;
import io.faceattend.proto.v1.RefreshResponse;
import io.faceattend.proto.v1.RegisterRequest;
import io.faceattend.proto.v1.RegisterResponse;
import io.faceattend.proto.v1.VerifyEmailRequest;
import io.faceattend.proto.v1.VerifyEmailResponse;
import io.faceattend.proto.v1.VerifyTokenRequest;
import io.faceattend.proto.v1.VerifyTokenResponse;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.Registration;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.Roles;
import io.faceattend.server.users.UserAccounts;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Authentication}. */
public record AuthGrpcService(
    Authentication authentication, Registration registration, UserAccounts users)
    implements AuthServiceGrpc.AsyncService {

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> observer) {
    Registration.Registered done =
        registration.register(
            new Registration.Form(
                request.getUsername(),
                request.getPassword(),
                request.getName(),
                request.getEmail(),
                request.hasEmployeeId() ? request.getEmployeeId() : null,
                request.hasInviteCode() ? request.getInviteCode() : null),
            Caller.origin());
    reply(
        observer,
        RegisterResponse.newBuilder()
            .setSuccess(true)
            .setMessage(
                "Account created. Sign in and enrol your face; an administrator approves it.")
            .setUser(Messages.user(done.user()))
            .setUserStatus(UserAccounts.toProto(done.user().getStatus()))
            .setEmailVerificationSent(done.verificationSent())
            .build());
  }

  @Override
  public void verifyToken(
      VerifyTokenRequest request, StreamObserver<VerifyTokenResponse> observer) {
    Caller caller = Caller.current();
    var user =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "User not found"));
    VerifyTokenResponse.Builder response =
        VerifyTokenResponse.newBuilder()
            .setValid(true)
            .setUser(Messages.user(user))
            .setRole(Roles.fromDb(user.getRole()))
            .setUserStatus(UserAccounts.toProto(user.getStatus()));
    Caller.accessTokenExpiry().ifPresent(at -> response.setExpiresAt(at.toString()));
    reply(observer, response.build());
  }

  @Override
  public void verifyEmail(
      VerifyEmailRequest request, StreamObserver<VerifyEmailResponse> observer) {
    registration.verifyEmail(request.getToken());
    reply(
        observer,
        VerifyEmailResponse.newBuilder()
            .setSuccess(true)
            .setMessage("E-mail address confirmed")
            .build());
  }

  @Override
  public void createInvite(
      CreateInviteRequest request, StreamObserver<CreateInviteResponse> observer) {
    Registration.Invite invite =
        registration.createInvite(
            Caller.current(),
            request.hasEmail() ? request.getEmail() : null,
            request.hasValidDays() ? request.getValidDays() : null);
    reply(
        observer,
        CreateInviteResponse.newBuilder()
            .setSuccess(true)
            .setInviteCode(invite.code())
            .setInviteId(invite.id())
            .setExpiresAt(invite.expiresAt().toInstant().toString())
            .build());
  }

  @Override
  public void login(LoginRequest request, StreamObserver<LoginResponse> observer) {
    Authentication.Location location =
        Locations.signIn(
            request.hasLatitude() ? request.getLatitude() : null,
            request.hasLongitude() ? request.getLongitude() : null);
    Authentication.LoginResult result =
        authentication.login(
            request.getUsername(), request.getPassword(), location, Caller.origin());
    reply(observer, Messages.signedIn(LoginResponse.newBuilder(), result).build());
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
}
