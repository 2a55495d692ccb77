package io.faceattend.db;

/**
 * The embedded database is held by another process (a running server) and cannot be started here.
 */
public final class DatabaseInUseException extends IllegalStateException {

  public DatabaseInUseException(String message) {
    super(message);
  }
}
