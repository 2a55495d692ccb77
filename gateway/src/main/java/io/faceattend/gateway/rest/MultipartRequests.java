package io.faceattend.gateway.rest;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.multipart.AggregatedBodyPart;
import com.linecorp.armeria.common.multipart.AggregatedMultipart;
import com.linecorp.armeria.common.multipart.Multipart;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * multipart/form-data to a request message, by field name (or json_name: {@code deviceId}): file
 * parts fill bytes fields (a repeated one collects every {@code image} part), text parts are parsed
 * like query parameters.
 */
final class MultipartRequests {

  private static final String IDEMPOTENCY_HEADER = "idempotency-key";

  private MultipartRequests() {}

  /**
   * The request's parts, read into memory. A body that is not valid multipart/form-data (no
   * boundary, a broken boundary, a truncated part) fails with 400 {@code malformed_multipart}; a
   * body over the route's limit keeps its 413.
   */
  static CompletableFuture<AggregatedMultipart> read(HttpRequest req) {
    CompletableFuture<AggregatedMultipart> parts;
    try {
      parts = Multipart.from(req).aggregate();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(malformed());
    }
    return parts.handle(
        (multipart, error) -> {
          if (error == null) {
            return multipart;
          }
          Throwable cause =
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
          if (cause instanceof ContentTooLargeException || cause instanceof ApiException) {
            throw new CompletionException(cause);
          }
          throw new CompletionException(malformed());
        });
  }

  private static ApiException malformed() {
    return new ApiException(
        ErrorCode.MALFORMED_MULTIPART,
        "The body is not valid multipart/form-data (check the boundary)");
  }

  static Message toMessage(
      Message prototype, AggregatedMultipart multipart, RequestHeaders headers) {
    Message.Builder builder = prototype.newBuilderForType();
    for (AggregatedBodyPart part : multipart.bodyParts()) {
      String name = part.name();
      if (name == null) {
        continue;
      }
      FieldDescriptor field = SeedJson.findField(builder, name);
      if (field == null) {
        continue; // unknown parts are ignored, as unknown JSON keys are
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING) {
        SeedJson.setBytes(builder, name, part.content().array());
      } else if (part.filename() != null) {
        throw ApiException.invalid("Part '" + name + "' must be a form field, not a file");
      } else {
        SeedJson.setFromText(builder, name, part.contentUtf8().trim());
      }
    }
    applyIdempotencyKey(builder, headers);
    return builder.build();
  }

  /** The Idempotency-Key header becomes the request's request_id, when the RPC has one. */
  static void applyIdempotencyKey(Message.Builder builder, RequestHeaders headers) {
    String key = headers.get(IDEMPOTENCY_HEADER);
    FieldDescriptor field = builder.getDescriptorForType().findFieldByName("request_id");
    if (key != null && !key.isBlank() && field != null) {
      builder.setField(field, key.trim());
    }
  }
}
