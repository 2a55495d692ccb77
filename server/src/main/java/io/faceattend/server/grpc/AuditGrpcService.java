package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AuditServiceGrpc;
import io.faceattend.proto.v1.ListAuditLogRequest;
import io.faceattend.proto.v1.ListAuditLogResponse;
import io.faceattend.server.audit.AuditQueries;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link AuditQueries} (admins only, by the contract's access option). */
public record AuditGrpcService(AuditQueries queries) implements AuditServiceGrpc.AsyncService {

  @Override
  public void listAuditLog(
      ListAuditLogRequest request, StreamObserver<ListAuditLogResponse> observer) {
    reply(
        observer,
        queries.list(
            request.getActorUserId(),
            request.getAction(),
            request.getTargetType(),
            request.getTargetId(),
            request.getFrom(),
            request.getTo(),
            request.getPage(),
            request.getPageSize()));
  }
}
