package io.faceattend.server.error;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;

/**
 * Refuses any request whose text holds a NUL character (U+0000) with 400 {@code invalid_argument}
 * before a service sees it: PostgreSQL cannot store NUL in text, so it would otherwise surface as
 * an internal error. One check for every RPC and every REST route (which call the RPCs), on every
 * string field however deeply nested.
 */
public final class TextInputCheck implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        String field = message instanceof Message proto ? fieldWithNul(proto) : null;
        if (field == null) {
          super.onMessage(message);
          return;
        }
        refused = true;
        StatusRuntimeException status =
            GrpcErrors.toStatus(
                ErrorCode.INVALID_ARGUMENT,
                "Field '" + field + "' must not contain a NUL character");
        call.close(
            status.getStatus(),
            status.getTrailers() == null ? new Metadata() : status.getTrailers());
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }

  /** The name of the first string field (or map key/value) holding U+0000, or null. */
  static String fieldWithNul(Message message) {
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      List<?> values = field.isRepeated() ? (List<?>) entry.getValue() : List.of(entry.getValue());
      for (Object value : values) {
        if (value instanceof String text && text.indexOf('\0') >= 0) {
          return field.getName();
        }
        if (value instanceof Message nested) {
          String inner = fieldWithNul(nested);
          if (inner != null) {
            return field.getName() + "." + inner;
          }
        }
      }
    }
    return null;
  }
}
