package io.faceattend.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The documented signing scheme: {@code FaceAttend-Signature: v1=<hex HMAC-SHA256(secret,
 * "<timestamp>.<body>")>} with {@code FaceAttend-Timestamp} in Unix seconds. Receivers recompute it
 * over the raw body and compare in constant time; the timestamp lets them refuse old replays.
 */
public final class WebhookSignature {

  public static final String EVENT_ID_HEADER = "FaceAttend-Event-Id";
  public static final String TIMESTAMP_HEADER = "FaceAttend-Timestamp";
  public static final String SIGNATURE_HEADER = "FaceAttend-Signature";

  private WebhookSignature() {}

  /** {@code v1=<hex>} for a body sent at {@code unixSeconds}. */
  public static String sign(byte[] secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /**
   * What a receiver does: true when {@code header} is the signature of the body at that timestamp.
   */
  public static boolean verify(byte[] secret, String timestampHeader, byte[] body, String header) {
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader);
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }
}
