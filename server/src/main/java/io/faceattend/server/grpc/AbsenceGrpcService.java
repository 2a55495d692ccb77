package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AbsenceServiceGrpc;
import io.faceattend.proto.v1.DecideAbsenceRequestRequest;
import io.faceattend.proto.v1.DecideAbsenceRequestResponse;
import io.faceattend.proto.v1.GetAbsenceEvidenceRequest;
import io.faceattend.proto.v1.GetAbsenceEvidenceResponse;
import io.faceattend.proto.v1.ListAbsenceRequestsRequest;
import io.faceattend.proto.v1.ListAbsenceRequestsResponse;
import io.faceattend.proto.v1.SubmitAbsenceRequestRequest;
import io.faceattend.proto.v1.SubmitAbsenceRequestResponse;
import io.faceattend.server.absences.Absences;
import io.faceattend.server.auth.Caller;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Absences}. */
public record AbsenceGrpcService(Absences absences) implements AbsenceServiceGrpc.AsyncService {

  @Override
  public void submitAbsenceRequest(
      SubmitAbsenceRequestRequest request, StreamObserver<SubmitAbsenceRequestResponse> observer) {
    reply(
        observer,
        SubmitAbsenceRequestResponse.newBuilder()
            .setRequest(
                absences.submit(
                    Caller.current(),
                    request.getStartDate(),
                    request.getEndDate(),
                    request.getType(),
                    request.getReason(),
                    request.getEvidence().toByteArray()))
            .build());
  }

  @Override
  public void listAbsenceRequests(
      ListAbsenceRequestsRequest request, StreamObserver<ListAbsenceRequestsResponse> observer) {
    reply(
        observer,
        absences.list(
            Caller.current(),
            request.getStatus(),
            request.getUserId(),
            request.getPage(),
            request.getPageSize()));
  }

  @Override
  public void decideAbsenceRequest(
      DecideAbsenceRequestRequest request, StreamObserver<DecideAbsenceRequestResponse> observer) {
    reply(
        observer,
        DecideAbsenceRequestResponse.newBuilder()
            .setRequest(
                absences.decide(
                    Caller.current(),
                    request.getRequestId(),
                    request.getDecision(),
                    request.getComment()))
            .build());
  }

  @Override
  public void getAbsenceEvidence(
      GetAbsenceEvidenceRequest request, StreamObserver<GetAbsenceEvidenceResponse> observer) {
    reply(observer, absences.evidence(Caller.current(), request.getRequestId()));
  }
}
