package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.GetProfileRequest;
import io.faceattend.proto.v1.GetProfileResponse;
import io.faceattend.proto.v1.UserServiceGrpc;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.UserAccounts;
import io.grpc.stub.StreamObserver;

/** The caller's own profile. */
public record UserGrpcService(UserAccounts users) implements UserServiceGrpc.AsyncService {

  @Override
  public void getProfile(GetProfileRequest request, StreamObserver<GetProfileResponse> observer) {
    reply(
        observer,
        users
            .findById(Caller.current().userId())
            .map(user -> GetProfileResponse.newBuilder().setUser(Messages.user(user)).build())
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "User not found")));
  }
}
