package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import com.google.protobuf.ByteString;
import io.faceattend.proto.v1.FaceLoginRequest;
import io.faceattend.proto.v1.FaceLoginResponse;
import io.faceattend.proto.v1.IdentificationServiceGrpc;
import io.faceattend.proto.v1.IdentifyRequest;
import io.faceattend.proto.v1.IdentifyResponse;
import io.faceattend.proto.v1.SetFaceLoginRequest;
import io.faceattend.proto.v1.SetFaceLoginResponse;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.identification.FaceIdentification;
import io.faceattend.server.identification.FaceLogin;
import io.grpc.stub.StreamObserver;

/**
 * gRPC face of identification: face login, identify / bulk verify, the per-person face-login
 * switch.
 */
public record IdentificationGrpcService(FaceLogin faceLogin, FaceIdentification identification)
    implements IdentificationServiceGrpc.AsyncService {

  @Override
  public void faceLogin(FaceLoginRequest request, StreamObserver<FaceLoginResponse> observer) {
    Authentication.LoginResult result =
        faceLogin.login(
            request.getImage().toByteArray(),
            request.getDeviceId(),
            Locations.signIn(
                request.hasLatitude() ? request.getLatitude() : null,
                request.hasLongitude() ? request.getLongitude() : null),
            Caller.origin());
    reply(observer, Messages.signedIn(FaceLoginResponse.newBuilder(), result).build());
  }

  @Override
  public void identify(IdentifyRequest request, StreamObserver<IdentifyResponse> observer) {
    reply(
        observer,
        identification.identify(
            request.getImagesList().stream().map(ByteString::toByteArray).toList(),
            request.getMaxFaces(),
            request.hasSimilarityThreshold() ? request.getSimilarityThreshold() : null));
  }

  @Override
  public void setFaceLogin(
      SetFaceLoginRequest request, StreamObserver<SetFaceLoginResponse> observer) {
    if (request.getUserId() <= 0) {
      throw ApiException.missingField("user_id");
    }
    faceLogin.setEnabled(Caller.current().actor(), request.getUserId(), request.getEnabled());
    reply(
        observer,
        SetFaceLoginResponse.newBuilder()
            .setUserId(request.getUserId())
            .setEnabled(request.getEnabled())
            .build());
  }
}
