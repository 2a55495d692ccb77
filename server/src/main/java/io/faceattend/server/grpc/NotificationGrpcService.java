package io.faceattend.server.grpc;

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
import io.faceattend.server.auth.Principal;
import io.faceattend.server.error.GrpcErrors;
import io.faceattend.server.notifications.Notifications;
import io.faceattend.server.people.Caller;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Notifications}. */
public final class NotificationGrpcService extends NotificationServiceGrpc.NotificationServiceImplBase {

  private final Notifications notifications;

  public NotificationGrpcService(Notifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void registerDevice(RegisterDeviceRequest request, StreamObserver<RegisterDeviceResponse> observer) {
    GrpcErrors.respond(observer, () -> RegisterDeviceResponse.newBuilder()
        .setDevice(notifications.registerDevice(Principal.current().userId(), request.getToken(),
            request.getPlatform()))
        .build());
  }

  @Override
  public void setNotificationPreferences(SetNotificationPreferencesRequest request,
      StreamObserver<SetNotificationPreferencesResponse> observer) {
    GrpcErrors.respond(observer, () -> notifications.setPreferences(Principal.current().userId(), request));
  }

  @Override
  public void addContact(AddContactRequest request, StreamObserver<AddContactResponse> observer) {
    GrpcErrors.respond(observer, () -> AddContactResponse.newBuilder()
        .setContact(notifications.addContact(Caller.current().actor(), request.getUserId(), request.getName(),
            request.getRelation(), request.getEmail(), request.getLanguage()))
        .build());
  }

  @Override
  public void listContacts(ListContactsRequest request, StreamObserver<ListContactsResponse> observer) {
    GrpcErrors.respond(observer, () -> ListContactsResponse.newBuilder()
        .addAllContacts(notifications.contacts(request.getUserId())).build());
  }

  @Override
  public void deleteContact(DeleteContactRequest request, StreamObserver<DeleteContactResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      notifications.deleteContact(Caller.current().actor(), request.getUserId(), request.getContactId());
      return DeleteContactResponse.newBuilder().setMessage("Contact removed").build();
    });
  }
}
