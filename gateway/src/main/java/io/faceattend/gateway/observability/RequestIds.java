package io.faceattend.gateway.observability;

import io.grpc.Metadata;
import io.netty.util.AttributeKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The request id: taken from the client's {@code X-Request-Id} when it is sane (1-64 of letters,
 * digits and {@code . _ : -}), otherwise generated; returned in the response's {@code
 * X-Request-Id}, forwarded to the gRPC services as metadata, and put in the logging MDC as {@code
 * request_id}.
 */
public final class RequestIds {

  public static final String HEADER = "x-request-id";
  public static final String MDC_KEY = "request_id";
  public static final Metadata.Key<String> METADATA =
      Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);
  static final AttributeKey<String> ATTRIBUTE = AttributeKey.valueOf(RequestIds.class, "requestId");
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestIds() {}

  /** The client's id if sane, else a new random one (16 hex digits). */
  public static String acceptOrGenerate(String supplied) {
    if (supplied != null && SANE.matcher(supplied).matches()) {
      return supplied;
    }
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
