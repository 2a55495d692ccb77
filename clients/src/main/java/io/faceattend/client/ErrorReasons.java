package io.faceattend.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/**
 * Reads the platform's machine-readable error code (e.g. {@code invalid_credentials}, {@code
 * token_expired}) from a failed call: the {@code reason} of the {@code google.rpc.ErrorInfo} the
 * server attaches to every error status.
 */
public final class ErrorReasons {

  private ErrorReasons() {}

  public static Optional<String> of(Throwable failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return Optional.empty();
    }
    return status.getDetailsList().stream()
        .filter(detail -> detail.is(ErrorInfo.class))
        .findFirst()
        .map(
            detail -> {
              try {
                return detail.unpack(ErrorInfo.class).getReason();
              } catch (InvalidProtocolBufferException e) {
                return null;
              }
            });
  }
}
