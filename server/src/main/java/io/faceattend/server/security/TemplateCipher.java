package io.faceattend.server.security;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for biometric data at rest (face templates, pending enrolment photos). Each value
 * gets a fresh 96-bit nonce stored in front of the ciphertext; the associated data binds a value to
 * its owner (e.g. "user:12"), so a ciphertext copied onto another row does not decrypt.
 */
public final class TemplateCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;

  public TemplateCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("The template key must be 32 bytes (AES-256)");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    try {
      // identifies the key without revealing it, so a rotated key can be told apart from the old
      // one
      this.keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String keyId() {
    return keyId;
  }

  public byte[] encrypt(byte[] plaintext, String associatedData) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  /**
   * Decrypts; throws if the data was altered, moved to another owner, or sealed with another key.
   */
  public byte[] decrypt(byte[] stored, String associatedData) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Stored biometric data failed authentication", e);
    }
  }

  public byte[] encryptEmbedding(float[] embedding, String associatedData) {
    ByteBuffer bytes =
        ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : embedding) {
      bytes.putFloat(v);
    }
    return encrypt(bytes.array(), associatedData);
  }

  public float[] decryptEmbedding(byte[] stored, String associatedData) {
    ByteBuffer bytes =
        ByteBuffer.wrap(decrypt(stored, associatedData)).order(ByteOrder.LITTLE_ENDIAN);
    float[] embedding = new float[bytes.remaining() / Float.BYTES];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = bytes.getFloat();
    }
    return embedding;
  }
}
