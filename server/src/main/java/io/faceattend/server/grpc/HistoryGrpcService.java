package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.HistoryServiceGrpc;
import io.faceattend.proto.v1.ListHistoryRequest;
import io.faceattend.proto.v1.ListHistoryResponse;
import io.faceattend.server.attendance.History;
import io.faceattend.server.auth.Caller;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link History}. */
public record HistoryGrpcService(History history) implements HistoryServiceGrpc.AsyncService {

  @Override
  public void listHistory(
      ListHistoryRequest request, StreamObserver<ListHistoryResponse> observer) {
    reply(
        observer,
        history.list(
            Caller.current().userId(),
            request.getPage(),
            request.getLimit(),
            request.getFrom(),
            request.getTo()));
  }
}
