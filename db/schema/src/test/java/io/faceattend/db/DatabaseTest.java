package io.faceattend.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL the platform starts itself: migrated on open, data kept across restarts.
 */
class DatabaseTest {

  @Test
  void embeddedDatabaseIsMigratedAndKeepsDataAcrossRestarts() throws Exception {
    Path dataDir = Files.createTempDirectory("faceattend-db-test");
    try (Database first = Database.open(DatabaseSettings.embedded(dataDir))) {
      assertThat(
              first
                  .dsl()
                  .fetchCount(first.dsl().selectFrom("flyway_schema_history").where("success")))
          .isGreaterThanOrEqualTo(2);
      first
          .dsl()
          .execute(
              "insert into users (username, email, name, role, password_hash) "
                  + "values ('kept', 'kept@example.com', 'Kept', 'employee', 'x')");
    }
    assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
    try (Database second = Database.open(DatabaseSettings.embedded(dataDir))) {
      assertThat(second.dsl().fetchValue("select count(*) from users where username = 'kept'"))
          .isEqualTo(1L);
    }
  }

  @Test
  void anExternalDatabaseIsUsedByUrl() throws Exception {
    // an embedded server stands in for the external one: only its JDBC URL is handed over
    Path dataDir = Files.createTempDirectory("faceattend-ext");
    try (Database server = Database.open(DatabaseSettings.embedded(dataDir))) {
      String url;
      try (var connection = server.dataSource().getConnection()) {
        url = connection.getMetaData().getURL();
      }
      String password = Database.embeddedPassword(dataDir);
      try (Database external =
          Database.open(DatabaseSettings.external(url, "postgres", password))) {
        assertThat(external.dsl().fetchValue("select count(*) from users")).isEqualTo(0L);
      }
    }
  }
}
