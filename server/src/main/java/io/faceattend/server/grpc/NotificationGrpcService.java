package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AddContactRequest;
import io.faceattend.proto.v1.AddContactResponse;
import io.faceattend.proto.v1.DeleteContactRequest;
import io.faceattend.proto.v1.DeleteContactResponse;
import io.faceattend.proto.v1.ListContactsRequest;
import io.faceattend.proto.v1.ListContactsResponse;
import io.faceattend.proto.v1.NotificationServiceGrpc;
import io.faceattend.proto.v1.RegisterDeviceRequest;
import io.faceattend.proto.v1.RegisterDeviceResponse;
import io.faceattend.proto.v1.SetNotificationPreferencesRequest;
import io.faceattend.proto.v1.SetNotificationPreferencesResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.notifications.Notifications;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Notifications}. */
public record NotificationGrpcService(Notifications notifications)
    implements NotificationServiceGrpc.AsyncService {

  @Override
  public void registerDevice(
      RegisterDeviceRequest request, StreamObserver<RegisterDeviceResponse> observer) {
    reply(
        observer,
        RegisterDeviceResponse.newBuilder()
            .setDevice(
                notifications.registerDevice(
                    Caller.current().userId(), request.getToken(), request.getPlatform()))
            .build());
  }

  @Override
  public void setNotificationPreferences(
      SetNotificationPreferencesRequest request,
      StreamObserver<SetNotificationPreferencesResponse> observer) {
    reply(observer, notifications.setPreferences(Caller.current().userId(), request));
  }

  @Override
  public void addContact(AddContactRequest request, StreamObserver<AddContactResponse> observer) {
    reply(
        observer,
        AddContactResponse.newBuilder()
            .setContact(
                notifications.addContact(
                    Caller.current().actor(),
                    request.getUserId(),
                    request.getName(),
                    request.getRelation(),
                    request.getEmail(),
                    request.getLanguage()))
            .build());
  }

  @Override
  public void listContacts(
      ListContactsRequest request, StreamObserver<ListContactsResponse> observer) {
    reply(
        observer,
        ListContactsResponse.newBuilder()
            .addAllContacts(notifications.contacts(request.getUserId()))
            .build());
  }

  @Override
  public void deleteContact(
      DeleteContactRequest request, StreamObserver<DeleteContactResponse> observer) {
    notifications.deleteContact(
        Caller.current().actor(), request.getUserId(), request.getContactId());
    reply(observer, DeleteContactResponse.newBuilder().setMessage("Contact removed").build());
  }
}
