package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.CorrectAttendanceRequest;
import io.faceattend.proto.v1.CorrectAttendanceResponse;
import io.faceattend.proto.v1.CorrectionServiceGrpc;
import io.faceattend.proto.v1.ListCorrectionsRequest;
import io.faceattend.proto.v1.ListCorrectionsResponse;
import io.faceattend.proto.v1.MarkGroupAttendanceRequest;
import io.faceattend.proto.v1.MarkGroupAttendanceResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.corrections.Corrections;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Corrections}. */
public record CorrectionGrpcService(Corrections corrections)
    implements CorrectionServiceGrpc.AsyncService {

  @Override
  public void correctAttendance(
      CorrectAttendanceRequest request, StreamObserver<CorrectAttendanceResponse> observer) {
    reply(
        observer,
        CorrectAttendanceResponse.newBuilder()
            .setCorrection(
                corrections.correct(
                    Caller.current(),
                    request.getUserId(),
                    request.getDate(),
                    request.getKind(),
                    request.getTime(),
                    request.getTimeZone(),
                    request.getReason()))
            .build());
  }

  @Override
  public void markGroupAttendance(
      MarkGroupAttendanceRequest request, StreamObserver<MarkGroupAttendanceResponse> observer) {
    var result =
        corrections.markGroup(
            Caller.current(),
            request.getDepartmentId(),
            request.getDate(),
            request.getCheckIn(),
            request.getCheckOut(),
            request.getTimeZone(),
            request.getReason());
    reply(
        observer,
        MarkGroupAttendanceResponse.newBuilder()
            .setMarked(result.marked())
            .setSkipped(result.skipped())
            .build());
  }

  @Override
  public void listCorrections(
      ListCorrectionsRequest request, StreamObserver<ListCorrectionsResponse> observer) {
    reply(
        observer,
        corrections.list(
            Caller.current(),
            request.getUserId(),
            request.getFrom(),
            request.getTo(),
            request.getPage(),
            request.getPageSize()));
  }
}
