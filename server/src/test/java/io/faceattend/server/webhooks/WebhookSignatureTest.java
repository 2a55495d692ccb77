package io.faceattend.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final byte[] SECRET = "whsec-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesAKnownHmacSha256Value() {
    // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec-0123456789abcdef
    String signature =
        WebhookSignature.sign(SECRET, 1_700_000_000L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(signature).startsWith("v1=").hasSize(3 + 64);
    assertThat(signature).isEqualTo(KNOWN);
  }

  @Test
  void verifiesOnlyTheSameBodyTimestampAndSecret() {
    byte[] body = "{\"event\":\"attendance.check_in\"}".getBytes(StandardCharsets.UTF_8);
    String header = WebhookSignature.sign(SECRET, 1_700_000_000L, body);
    assertThat(WebhookSignature.verify(SECRET, "1700000000", body, header)).isTrue();
    assertThat(WebhookSignature.verify(SECRET, "1700000001", body, header)).isFalse();
    assertThat(
            WebhookSignature.verify(
                "another-secret-0000".getBytes(StandardCharsets.UTF_8), "1700000000", body, header))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, "1700000000", "{}".getBytes(StandardCharsets.UTF_8), header))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, "not-a-number", body, header)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "1700000000", body, null)).isFalse();
  }

  /**
   * Computed independently: printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac
   * whsec-0123456789abcdef
   */
  private static final String KNOWN =
      "v1=d77c78ac4da074c56908b55eac30358b2a7bfc573be4c76819af5102e8dcf939";
}
