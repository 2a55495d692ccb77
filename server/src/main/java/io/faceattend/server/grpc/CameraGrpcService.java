package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.CameraServiceGrpc;
import io.faceattend.proto.v1.CreateCameraRequest;
import io.faceattend.proto.v1.CreateCameraResponse;
import io.faceattend.proto.v1.DeleteCameraRequest;
import io.faceattend.proto.v1.DeleteCameraResponse;
import io.faceattend.proto.v1.DisableCameraRequest;
import io.faceattend.proto.v1.DisableCameraResponse;
import io.faceattend.proto.v1.EnableCameraRequest;
import io.faceattend.proto.v1.EnableCameraResponse;
import io.faceattend.proto.v1.GetCameraHealthRequest;
import io.faceattend.proto.v1.GetCameraHealthResponse;
import io.faceattend.proto.v1.GetCameraRequest;
import io.faceattend.proto.v1.GetCameraResponse;
import io.faceattend.proto.v1.GetCameraStreamRequest;
import io.faceattend.proto.v1.GetCameraStreamResponse;
import io.faceattend.proto.v1.ListAttendanceLogsRequest;
import io.faceattend.proto.v1.ListAttendanceLogsResponse;
import io.faceattend.proto.v1.ListCamerasRequest;
import io.faceattend.proto.v1.ListCamerasResponse;
import io.faceattend.proto.v1.TestCameraRequest;
import io.faceattend.proto.v1.TestCameraResponse;
import io.faceattend.proto.v1.UpdateCameraRequest;
import io.faceattend.proto.v1.UpdateCameraResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.cameras.AttendanceLogs;
import io.faceattend.server.cameras.Cameras;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Cameras} and {@link AttendanceLogs}. */
public record CameraGrpcService(Cameras cameras, AttendanceLogs logs)
    implements CameraServiceGrpc.AsyncService {

  @Override
  public void createCamera(
      CreateCameraRequest request, StreamObserver<CreateCameraResponse> observer) {
    reply(
        observer,
        CreateCameraResponse.newBuilder()
            .setCamera(cameras.create(Caller.current().actor(), request))
            .build());
  }

  @Override
  public void listCameras(
      ListCamerasRequest request, StreamObserver<ListCamerasResponse> observer) {
    reply(observer, ListCamerasResponse.newBuilder().addAllResults(cameras.list()).build());
  }

  @Override
  public void getCamera(GetCameraRequest request, StreamObserver<GetCameraResponse> observer) {
    reply(
        observer,
        GetCameraResponse.newBuilder().setCamera(cameras.get(request.getCameraId())).build());
  }

  @Override
  public void updateCamera(
      UpdateCameraRequest request, StreamObserver<UpdateCameraResponse> observer) {
    reply(
        observer,
        UpdateCameraResponse.newBuilder()
            .setCamera(cameras.update(Caller.current().actor(), request))
            .build());
  }

  @Override
  public void deleteCamera(
      DeleteCameraRequest request, StreamObserver<DeleteCameraResponse> observer) {
    cameras.delete(Caller.current().actor(), request.getCameraId());
    reply(observer, DeleteCameraResponse.newBuilder().setMessage("Camera deleted").build());
  }

  @Override
  public void enableCamera(
      EnableCameraRequest request, StreamObserver<EnableCameraResponse> observer) {
    reply(
        observer,
        EnableCameraResponse.newBuilder()
            .setCamera(cameras.setEnabled(Caller.current().actor(), request.getCameraId(), true))
            .build());
  }

  @Override
  public void disableCamera(
      DisableCameraRequest request, StreamObserver<DisableCameraResponse> observer) {
    reply(
        observer,
        DisableCameraResponse.newBuilder()
            .setCamera(cameras.setEnabled(Caller.current().actor(), request.getCameraId(), false))
            .build());
  }

  @Override
  public void getCameraStream(
      GetCameraStreamRequest request, StreamObserver<GetCameraStreamResponse> observer) {
    reply(observer, cameras.stream(request.getCameraId()));
  }

  @Override
  public void testCamera(TestCameraRequest request, StreamObserver<TestCameraResponse> observer) {
    reply(observer, cameras.test(request.getCameraId()));
  }

  @Override
  public void getCameraHealth(
      GetCameraHealthRequest request, StreamObserver<GetCameraHealthResponse> observer) {
    reply(observer, cameras.health(request.getCameraId()));
  }

  @Override
  public void listAttendanceLogs(
      ListAttendanceLogsRequest request, StreamObserver<ListAttendanceLogsResponse> observer) {
    reply(observer, logs.list(Caller.current(), request));
  }
}
