package io.faceattend.db;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database is. With no JDBC URL the platform runs its own embedded PostgreSQL whose files
 * live in {@code dataDirectory}; with a URL it uses that server (a managed or replicated PostgreSQL
 * in production).
 *
 * @param jdbcUrl external database, or empty for the embedded one
 * @param user user for the external database
 * @param password password for the external database
 * @param dataDirectory directory of the embedded PostgreSQL cluster (ignored with an external
 *     database)
 * @param maxPoolSize connections kept open
 */
public record DatabaseSettings(
    Optional<String> jdbcUrl, String user, String password, Path dataDirectory, int maxPoolSize) {

  public static DatabaseSettings embedded(Path dataDirectory) {
    return new DatabaseSettings(Optional.empty(), "postgres", "postgres", dataDirectory, 10);
  }

  public static DatabaseSettings external(String jdbcUrl, String user, String password) {
    return new DatabaseSettings(Optional.of(jdbcUrl), user, password, Path.of("."), 10);
  }

  public boolean isEmbedded() {
    return jdbcUrl.isEmpty();
  }
}
