package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import com.google.protobuf.ByteString;
import io.faceattend.proto.v1.EraseUserRequest;
import io.faceattend.proto.v1.EraseUserResponse;
import io.faceattend.proto.v1.ExportDataResponse;
import io.faceattend.proto.v1.ExportMyDataRequest;
import io.faceattend.proto.v1.ExportUserDataRequest;
import io.faceattend.proto.v1.PrivacyServiceGrpc;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.privacy.PersonalData;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link PersonalData}: GDPR export and erasure. */
public final class PrivacyGrpcService extends PrivacyServiceGrpc.PrivacyServiceImplBase {

  private final PersonalData data;

  public PrivacyGrpcService(PersonalData data) {
    this.data = data;
  }

  @Override
  public void exportMyData(
      ExportMyDataRequest request, StreamObserver<ExportDataResponse> observer) {
    Caller caller = Caller.current();
    reply(observer, response(data.export(caller, caller.userId())));
  }

  @Override
  public void exportUserData(
      ExportUserDataRequest request, StreamObserver<ExportDataResponse> observer) {
    reply(observer, response(data.export(Caller.current(), request.getUserId())));
  }

  @Override
  public void eraseUser(EraseUserRequest request, StreamObserver<EraseUserResponse> observer) {
    PersonalData.Erased erased =
        data.erase(Caller.current(), request.getUserId(), request.getReason());
    reply(
        observer,
        EraseUserResponse.newBuilder()
            .setSuccess(true)
            .setPseudonym(erased.pseudonym())
            .setErasedAt(erased.erasedAt().toInstant().toString())
            .build());
  }

  private static ExportDataResponse response(PersonalData.Export export) {
    return ExportDataResponse.newBuilder()
        .setFileName(export.fileName())
        .setZip(ByteString.copyFrom(export.zip()))
        .build();
  }
}
