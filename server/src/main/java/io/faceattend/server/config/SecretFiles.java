package io.faceattend.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys the embedded default generates on first start and keeps in the data directory (owner-only
 * permissions), so tokens and encrypted data stay valid across restarts without any set-up.
 */
public final class SecretFiles {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFiles() {}

  /**
   * Reads the base64 key in {@code file}, creating it with {@code length} random bytes if absent.
   */
  public static byte[] loadOrCreate(Path file, int length) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[length];
        RANDOM.nextBytes(key);
        Path temp = Files.createTempFile(file.getParent(), ".key", ".tmp");
        setOwnerOnly(temp);
        Files.writeString(
            temp, Base64.getEncoder().encodeToString(key), StandardOpenOption.TRUNCATE_EXISTING);
        try {
          // atomic: two processes starting at once end up with the same key
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          Files.deleteIfExists(temp);
        }
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
      if (key.length < length) {
        throw new ConfigException(
            "Key file " + file + " holds " + key.length + " bytes, expected " + length);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create key file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Key file " + file + " is not valid base64");
    }
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // non-POSIX file systems: rely on the directory's permissions
    }
  }
}
