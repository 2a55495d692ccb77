package io.faceattend.server.grpc;

import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.GetStatusResponse;
import io.faceattend.server.attendance.TodayStatus;
import io.faceattend.server.auth.Principal;
import io.faceattend.server.error.GrpcErrors;
import io.grpc.stub.StreamObserver;

/**
 * Status and punches. CheckIn and CheckOut are part of the contract but not served yet: the base class answers
 * UNIMPLEMENTED for them.
 */
public final class AttendanceGrpcService extends AttendanceServiceGrpc.AttendanceServiceImplBase {

  private final TodayStatus todayStatus;

  public AttendanceGrpcService(TodayStatus todayStatus) {
    this.todayStatus = todayStatus;
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> observer) {
    GrpcErrors.respond(observer, () -> todayStatus.of(Principal.current().status()));
  }
}
