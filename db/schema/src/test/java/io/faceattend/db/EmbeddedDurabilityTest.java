package io.faceattend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL is durable (fsync, synchronous commit) and private (password, loopback
 * only).
 */
class EmbeddedDurabilityTest {

  @Test
  void runsWithFsyncSynchronousCommitAndFullPageWrites() throws Exception {
    Path dataDir = Files.createTempDirectory("faceattend-durable");
    try (Database db = Database.open(DatabaseSettings.embedded(dataDir))) {
      assertThat(db.dsl().fetchValue("show fsync")).isEqualTo("on");
      assertThat(db.dsl().fetchValue("show synchronous_commit")).isEqualTo("on");
      assertThat(db.dsl().fetchValue("show full_page_writes")).isEqualTo("on");
      assertThat(db.dsl().fetchValue("show listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(db.dsl().fetchValue("show unix_socket_directories")).isEqualTo("");
    }
  }

  @Test
  void connectionsNeedTheGeneratedPassword() throws Exception {
    Path dataDir = Files.createTempDirectory("faceattend-private");
    try (Database db = Database.open(DatabaseSettings.embedded(dataDir))) {
      String url;
      try (var connection = db.dataSource().getConnection()) {
        url = connection.getMetaData().getURL();
      }
      assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:");
      Path secret = dataDir.resolve("secrets/postgres.password");
      assertThat(Files.getPosixFilePermissions(secret))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));

      assertThatThrownBy(() -> connect(url, null))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(() -> connect(url, "postgres"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      try (var connection = connect(url, Files.readString(secret).trim())) {
        assertThat(connection.isValid(5)).isTrue();
      }
    }
    // the secret and the SCRAM rule survive a restart
    try (Database again = Database.open(DatabaseSettings.embedded(dataDir))) {
      assertThat(again.dsl().fetchValue("select 1")).isEqualTo(1);
    }
  }

  private static Connection connect(String url, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(url, props);
  }
}
