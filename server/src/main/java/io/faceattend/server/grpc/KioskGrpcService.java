package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.CreateKioskRequest;
import io.faceattend.proto.v1.CreateKioskResponse;
import io.faceattend.proto.v1.KioskPunchRequest;
import io.faceattend.proto.v1.KioskPunchResponse;
import io.faceattend.proto.v1.KioskServiceGrpc;
import io.faceattend.proto.v1.ListKiosksRequest;
import io.faceattend.proto.v1.ListKiosksResponse;
import io.faceattend.proto.v1.RevokeKioskRequest;
import io.faceattend.proto.v1.RevokeKioskResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.CallerIdentity;
import io.faceattend.server.auth.MachinePrincipal;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.kiosks.Kiosks;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Kiosks}: registration by admins, punches by the kiosks themselves. */
public record KioskGrpcService(Kiosks kiosks) implements KioskServiceGrpc.AsyncService {

  @Override
  public void createKiosk(
      CreateKioskRequest request, StreamObserver<CreateKioskResponse> observer) {
    reply(
        observer,
        CreateKioskResponse.newBuilder()
            .setKiosk(
                kiosks.create(Caller.current().actor(), request.getName(), request.getSiteId()))
            .build());
  }

  @Override
  public void listKiosks(ListKiosksRequest request, StreamObserver<ListKiosksResponse> observer) {
    reply(
        observer,
        ListKiosksResponse.newBuilder()
            .addAllKiosks(kiosks.list(request.getIncludeRevoked()))
            .build());
  }

  @Override
  public void revokeKiosk(
      RevokeKioskRequest request, StreamObserver<RevokeKioskResponse> observer) {
    reply(
        observer,
        RevokeKioskResponse.newBuilder()
            .setKiosk(kiosks.revoke(Caller.current().actor(), request.getKioskId()))
            .build());
  }

  @Override
  public void kioskPunch(KioskPunchRequest request, StreamObserver<KioskPunchResponse> observer) {
    if (!(CallerIdentity.current() instanceof MachinePrincipal kiosk)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Only a kiosk's API key may punch at a kiosk");
    }
    reply(
        observer,
        kiosks.punch(
            kiosk,
            request.getImage().toByteArray(),
            request.getAction(),
            Caller.origin().clientIp()));
  }
}
