package io.faceattend.server.error;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link ApiException}s into gRPC statuses carrying a {@code google.rpc.ErrorInfo} (reason =
 * error code, domain = "faceattend"), and anything unexpected into INTERNAL without internals
 * leaking to the caller. {@link ErrorInterceptor} applies it to every call, so service methods just
 * throw.
 */
public final class GrpcErrors {

  /**
   * The ErrorInfo domain, the face engine's too: a caller sees one domain whichever part refused.
   */
  public static final String DOMAIN = io.faceattend.face.grpc.GrpcErrors.DOMAIN;

  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  public static StatusRuntimeException toStatus(ErrorCode code, String message) {
    return toStatus(code, message, Map.of());
  }

  public static StatusRuntimeException toStatus(
      ErrorCode code, String message, Map<String, String> details) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.grpcCode().value())
            .setMessage(message)
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason(code.code())
                        .setDomain(DOMAIN)
                        .putAllMetadata(details)
                        .build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  public static StatusRuntimeException toStatus(ApiException e) {
    return toStatus(e.errorCode(), e.getMessage(), e.details());
  }

  /** Converts any throwable from service code to the status the caller gets. */
  public static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof ApiException api) {
      return toStatus(api);
    }
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    log.error("Unexpected error while serving a call", t);
    return toStatus(ErrorCode.INTERNAL, "Internal error");
  }
}
