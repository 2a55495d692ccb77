package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import com.google.protobuf.ByteString;
import io.faceattend.proto.v1.EnrollRequest;
import io.faceattend.proto.v1.EnrollResponse;
import io.faceattend.proto.v1.EnrollmentServiceGrpc;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.enrollment.Enrollments;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Enrollments}. */
public record EnrollmentGrpcService(Enrollments enrollments)
    implements EnrollmentServiceGrpc.AsyncService {

  @Override
  public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> observer) {
    reply(
        observer,
        enrollments.enroll(
            Caller.current(),
            request.getImagesList().stream().map(ByteString::toByteArray).toList(),
            request.getDevice(),
            request.getDeviceId(),
            Caller.current().clientIp(),
            request.hasConsentVersion() ? request.getConsentVersion() : null));
  }
}
