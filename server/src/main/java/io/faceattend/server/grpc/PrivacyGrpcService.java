package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import com.google.protobuf.ByteString;
import io.faceattend.proto.v1.EraseUserRequest;
import io.faceattend.proto.v1.EraseUserResponse;
import io.faceattend.proto.v1.ExportMyDataRequest;
import io.faceattend.proto.v1.ExportMyDataResponse;
import io.faceattend.proto.v1.ExportUserDataRequest;
import io.faceattend.proto.v1.ExportUserDataResponse;
import io.faceattend.proto.v1.PrivacyServiceGrpc;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.privacy.PersonalData;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link PersonalData}: GDPR export and erasure. */
public record PrivacyGrpcService(PersonalData data) implements PrivacyServiceGrpc.AsyncService {

  @Override
  public void exportMyData(
      ExportMyDataRequest request, StreamObserver<ExportMyDataResponse> observer) {
    Caller caller = Caller.current();
    PersonalData.Export export = data.export(caller, caller.userId());
    reply(
        observer,
        ExportMyDataResponse.newBuilder()
            .setFileName(export.fileName())
            .setZip(ByteString.copyFrom(export.zip()))
            .build());
  }

  @Override
  public void exportUserData(
      ExportUserDataRequest request, StreamObserver<ExportUserDataResponse> observer) {
    PersonalData.Export export = data.export(Caller.current(), request.getUserId());
    reply(
        observer,
        ExportUserDataResponse.newBuilder()
            .setFileName(export.fileName())
            .setZip(ByteString.copyFrom(export.zip()))
            .build());
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
}
