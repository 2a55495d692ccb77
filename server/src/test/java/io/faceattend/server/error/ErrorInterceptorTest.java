package io.faceattend.server.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.faceattend.proto.v1.GetProfileRequest;
import io.faceattend.proto.v1.GetProfileResponse;
import io.faceattend.proto.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service method that throws gets the status of what it threw, translated once by the
 * interceptor.
 */
class ErrorInterceptorTest {

  private final AtomicReference<Supplier<GetProfileResponse>> body = new AtomicReference<>();
  private Server server;
  private ManagedChannel channel;
  private UserServiceGrpc.UserServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    UserServiceGrpc.UserServiceImplBase service =
        new UserServiceGrpc.UserServiceImplBase() {
          @Override
          public void getProfile(
              GetProfileRequest request, StreamObserver<GetProfileResponse> observer) {
            GetProfileResponse response = body.get().get();
            observer.onNext(response);
            observer.onCompleted();
          }
        };
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, new ErrorInterceptor()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = UserServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void anApiExceptionBecomesItsStatusWithErrorInfo() {
    body.set(
        () -> {
          throw new ApiException(
              ErrorCode.OUTSIDE_GEOFENCE,
              "You are 120 m from the site",
              Map.of("distance_m", "120"));
        });
    StatusRuntimeException e = call();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).isEqualTo("You are 120 m from the site");
    ErrorInfo info = errorInfo(e);
    assertThat(info.getReason()).isEqualTo("outside_geofence");
    assertThat(info.getDomain()).isEqualTo(GrpcErrors.DOMAIN);
    assertThat(info.getMetadataMap()).containsEntry("distance_m", "120");
  }

  @Test
  void anUnexpectedExceptionIsInternalWithoutItsMessage() {
    body.set(
        () -> {
          throw new IllegalStateException("connection to db-7.internal refused");
        });
    StatusRuntimeException e = call();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription()).isEqualTo("Internal error").doesNotContain("db-7");
    assertThat(errorInfo(e).getReason()).isEqualTo("internal");
  }

  @Test
  void aStatusThrownByTheServiceIsKept() {
    body.set(
        () -> {
          throw Status.UNAVAILABLE.withDescription("engine busy").asRuntimeException();
        });
    StatusRuntimeException e = call();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).isEqualTo("engine busy");
  }

  @Test
  void anAnswerStillGetsThrough() {
    body.set(GetProfileResponse::getDefaultInstance);
    assertThat(stub.getProfile(GetProfileRequest.getDefaultInstance()))
        .isEqualTo(GetProfileResponse.getDefaultInstance());
  }

  private StatusRuntimeException call() {
    AtomicReference<StatusRuntimeException> thrown = new AtomicReference<>();
    assertThatThrownBy(() -> stub.getProfile(GetProfileRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, thrown::set);
    return thrown.get();
  }

  private static ErrorInfo errorInfo(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).isNotNull();
    try {
      return status.getDetails(0).unpack(ErrorInfo.class);
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError(ex);
    }
  }
}
