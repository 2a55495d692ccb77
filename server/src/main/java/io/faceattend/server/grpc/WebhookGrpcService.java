package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.CreateWebhookRequest;
import io.faceattend.proto.v1.CreateWebhookResponse;
import io.faceattend.proto.v1.DeleteWebhookRequest;
import io.faceattend.proto.v1.DeleteWebhookResponse;
import io.faceattend.proto.v1.ListWebhookDeliveriesRequest;
import io.faceattend.proto.v1.ListWebhookDeliveriesResponse;
import io.faceattend.proto.v1.ListWebhooksRequest;
import io.faceattend.proto.v1.ListWebhooksResponse;
import io.faceattend.proto.v1.RedeliverWebhookDeliveryRequest;
import io.faceattend.proto.v1.RedeliverWebhookDeliveryResponse;
import io.faceattend.proto.v1.UpdateWebhookRequest;
import io.faceattend.proto.v1.UpdateWebhookResponse;
import io.faceattend.proto.v1.WebhookServiceGrpc;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.webhooks.Webhooks;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Webhooks}. */
public record WebhookGrpcService(Webhooks webhooks) implements WebhookServiceGrpc.AsyncService {

  @Override
  public void createWebhook(
      CreateWebhookRequest request, StreamObserver<CreateWebhookResponse> observer) {
    reply(
        observer,
        CreateWebhookResponse.newBuilder()
            .setWebhook(
                webhooks.create(
                    Caller.current().actor(),
                    request.getUrl(),
                    request.getSecret(),
                    request.getEventsList()))
            .build());
  }

  @Override
  public void listWebhooks(
      ListWebhooksRequest request, StreamObserver<ListWebhooksResponse> observer) {
    reply(observer, ListWebhooksResponse.newBuilder().addAllWebhooks(webhooks.list()).build());
  }

  @Override
  public void updateWebhook(
      UpdateWebhookRequest request, StreamObserver<UpdateWebhookResponse> observer) {
    reply(
        observer,
        UpdateWebhookResponse.newBuilder()
            .setWebhook(webhooks.update(Caller.current().actor(), request))
            .build());
  }

  @Override
  public void deleteWebhook(
      DeleteWebhookRequest request, StreamObserver<DeleteWebhookResponse> observer) {
    webhooks.delete(Caller.current().actor(), request.getWebhookId());
    reply(observer, DeleteWebhookResponse.newBuilder().setMessage("Webhook deleted").build());
  }

  @Override
  public void listWebhookDeliveries(
      ListWebhookDeliveriesRequest request,
      StreamObserver<ListWebhookDeliveriesResponse> observer) {
    reply(
        observer,
        webhooks.deliveries(
            request.getWebhookId(), request.getStatus(), request.getPage(), request.getLimit()));
  }

  @Override
  public void redeliverWebhookDelivery(
      RedeliverWebhookDeliveryRequest request,
      StreamObserver<RedeliverWebhookDeliveryResponse> observer) {
    reply(
        observer,
        RedeliverWebhookDeliveryResponse.newBuilder()
            .setDelivery(
                webhooks.redeliver(
                    Caller.current().actor(), request.getWebhookId(), request.getDeliveryId()))
            .build());
  }
}
