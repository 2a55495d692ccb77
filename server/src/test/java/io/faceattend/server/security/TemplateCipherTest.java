package io.faceattend.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TemplateCipherTest {

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private final TemplateCipher cipher = new TemplateCipher(key());

  @Test
  void embeddingsRoundTripAndCiphertextsDiffer() {
    float[] embedding = new float[512];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = (float) Math.sin(i);
    }
    byte[] a = cipher.encryptEmbedding(embedding, "user:1");
    byte[] b = cipher.encryptEmbedding(embedding, "user:1");
    assertThat(a).isNotEqualTo(b); // fresh nonce each time
    assertThat(cipher.decryptEmbedding(a, "user:1")).containsExactly(embedding);
  }

  @Test
  void aTemplateMovedToAnotherUserDoesNotDecrypt() {
    byte[] sealed = cipher.encrypt(new byte[] {1, 2, 3}, "user:1");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "user:2"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void tamperingOrAnotherKeyIsDetected() {
    byte[] sealed = cipher.encrypt(new byte[] {1, 2, 3}, "user:1");
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt(sealed, "user:1"))
        .isInstanceOf(IllegalStateException.class);
    byte[] other = new TemplateCipher(key()).encrypt(new byte[] {1}, "user:1");
    assertThatThrownBy(() -> cipher.decrypt(other, "user:1"))
        .isInstanceOf(IllegalStateException.class);
  }
}
