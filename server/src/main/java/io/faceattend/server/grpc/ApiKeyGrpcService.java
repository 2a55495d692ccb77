package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.ApiKeyServiceGrpc;
import io.faceattend.proto.v1.CreateApiKeyRequest;
import io.faceattend.proto.v1.CreateApiKeyResponse;
import io.faceattend.proto.v1.ListApiKeysRequest;
import io.faceattend.proto.v1.ListApiKeysResponse;
import io.faceattend.proto.v1.RevokeApiKeyRequest;
import io.faceattend.proto.v1.RevokeApiKeyResponse;
import io.faceattend.server.auth.ApiKeys;
import io.faceattend.server.auth.Caller;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link ApiKeys} (admins only, per the proto's access options). */
public record ApiKeyGrpcService(ApiKeys apiKeys) implements ApiKeyServiceGrpc.AsyncService {

  @Override
  public void createApiKey(
      CreateApiKeyRequest request, StreamObserver<CreateApiKeyResponse> observer) {
    ApiKeys.Created created =
        apiKeys.create(
            Caller.current().actor(),
            request.getName(),
            request.getScopesList(),
            request.hasSiteId() ? request.getSiteId() : null);
    reply(
        observer,
        CreateApiKeyResponse.newBuilder()
            .setSuccess(true)
            .setApiKey(created.secret())
            .setKey(created.key())
            .build());
  }

  @Override
  public void listApiKeys(
      ListApiKeysRequest request, StreamObserver<ListApiKeysResponse> observer) {
    reply(
        observer,
        ListApiKeysResponse.newBuilder()
            .setSuccess(true)
            .addAllResults(apiKeys.list(request.getIncludeRevoked()))
            .build());
  }

  @Override
  public void revokeApiKey(
      RevokeApiKeyRequest request, StreamObserver<RevokeApiKeyResponse> observer) {
    reply(
        observer,
        RevokeApiKeyResponse.newBuilder()
            .setSuccess(true)
            .setKey(apiKeys.revoke(Caller.current().actor(), request.getApiKeyId()))
            .build());
  }
}
