package io.faceattend.face.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns engine refusals into gRPC statuses with a {@code google.rpc.ErrorInfo} (domain {@value
 * #DOMAIN}, reason = the error code). Unexpected exceptions become INTERNAL with a generic message;
 * the details go to the log only.
 */
public final class GrpcErrors {
  /** ErrorInfo domain of every face engine error. */
  public static final String DOMAIN = "faceattend";

  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  public static StatusRuntimeException toStatus(Throwable error) {
    if (error instanceof FaceEngineException e) {
      if (e.errorCode().kind() == ErrorCode.Kind.INTERNAL) {
        LOG.error("face engine failure ({})", e.code(), e);
      }
      return status(
          codeOf(e.errorCode()),
          e.code(),
          e.errorCode().kind() == ErrorCode.Kind.INTERNAL && e.errorCode() == ErrorCode.INTERNAL
              ? "internal face engine error"
              : e.getMessage());
    }
    LOG.error("unexpected face engine failure", error);
    return status(Code.INTERNAL, ErrorCode.INTERNAL.code(), "internal face engine error");
  }

  /** A status with an ErrorInfo detail. */
  public static StatusRuntimeException status(Code code, String reason, String message) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message)
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason).build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  static Code codeOf(ErrorCode code) {
    return switch (code.kind()) {
      case BAD_INPUT, FACE_REJECTED -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case UNAVAILABLE -> Code.RESOURCE_EXHAUSTED;
      case INTERNAL ->
          code == ErrorCode.MODEL_MISSING || code == ErrorCode.MODEL_TAMPERED
              ? Code.FAILED_PRECONDITION
              : Code.INTERNAL;
    };
  }

  /** The ErrorInfo reason of a status from this service, or {@code null}. */
  public static String reasonOf(Throwable error) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status == null) {
      return null;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class).getReason();
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }
}
