package io.faceattend.server;

import io.faceattend.db.Database;
import io.faceattend.db.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jooq.DSLContext;

/**
 * One real, throwaway PostgreSQL (embedded, in a temp directory) per test JVM, migrated with the
 * production migrations. {@link #reset()} empties the tables between tests.
 */
public final class TestDatabase {

  private static Database database;
  private static Path directory;

  private TestDatabase() {}

  public static synchronized Database get() {
    if (database == null) {
      try {
        directory = Files.createTempDirectory("faceattend-test-db");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      database = Database.open(DatabaseSettings.embedded(directory));
      Runtime.getRuntime().addShutdownHook(new Thread(database::close));
    }
    return database;
  }

  public static Path directory() {
    get();
    return directory;
  }

  public static DSLContext reset() {
    DSLContext dsl = get().dsl();
    dsl.execute("truncate table audit_log, login_events, users, sites restart identity cascade");
    dsl.execute("truncate table departments restart identity cascade");
    dsl.execute("truncate table holidays");
    dsl.execute("truncate table login_throttle");
    return dsl;
  }
}
