package io.faceattend.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's database: starts the embedded PostgreSQL when no external one is configured,
 * migrates the schema with Flyway, and hands out a pooled {@link DataSource} and a jOOQ {@link
 * DSLContext}. Closing it closes the pool and stops the embedded server; its files stay in the data
 * directory, so data survives a restart.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  static {
    // jOOQ prints a banner and tips on first use; keep the platform's logs about the platform
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  private final EmbeddedPostgres embedded;
  private final HikariDataSource dataSource;
  private final DSLContext dsl;

  private Database(EmbeddedPostgres embedded, HikariDataSource dataSource) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /** Opens (and for the embedded case starts) the database and brings its schema up to date. */
  public static Database open(DatabaseSettings settings) {
    return open(settings, false);
  }

  /**
   * Like {@link #open}, but with the embedded database a running server holds, connects to that
   * server's PostgreSQL instead of failing (the command line's way to work while {@code faceattend
   * serve} runs). The running server has migrated the schema; this connection does not migrate.
   */
  public static Database openShared(DatabaseSettings settings) {
    return open(settings, true);
  }

  private static Database open(DatabaseSettings settings, boolean shareRunning) {
    EmbeddedPostgres embedded = null;
    String url;
    String user = settings.user();
    String password = settings.password();
    boolean migrate = true;
    try {
      if (settings.isEmbedded()) {
        var running =
            shareRunning
                ? EmbeddedCluster.running(settings.dataDirectory())
                : Optional.<EmbeddedCluster.Endpoint>empty();
        EmbeddedCluster.Endpoint endpoint;
        if (running.isPresent()) {
          endpoint = running.get();
          migrate = false;
          log.info("Using the running server's embedded PostgreSQL on port {}", endpoint.port());
        } else {
          long started = System.nanoTime();
          embedded = EmbeddedCluster.start(settings.dataDirectory());
          endpoint =
              new EmbeddedCluster.Endpoint(
                  embedded.getPort(),
                  EmbeddedCluster.loadOrCreatePassword(settings.dataDirectory()));
          log.info(
              "Embedded PostgreSQL started on port {} with data in {} ({} ms)",
              embedded.getPort(),
              EmbeddedCluster.clusterDirectory(settings.dataDirectory()),
              (System.nanoTime() - started) / 1_000_000);
        }
        url = endpoint.jdbcUrl();
        user = EmbeddedCluster.SUPERUSER;
        password = endpoint.password();
      } else {
        url = settings.jdbcUrl().orElseThrow();
      }
      HikariDataSource pool = pool(url, user, password, settings.maxPoolSize());
      try {
        if (migrate) {
          migrate(pool);
        }
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
      return new Database(embedded, pool);
    } catch (RuntimeException e) {
      closeQuietly(embedded);
      throw e;
    }
  }

  /**
   * The embedded database's superuser password (generated on first start, kept in {@code <data
   * dir>/secrets/postgres.password}); for tools and tests that connect to it directly.
   */
  public static String embeddedPassword(Path dataDirectory) {
    return EmbeddedCluster.loadOrCreatePassword(dataDirectory);
  }

  private static HikariDataSource pool(String url, String user, String password, int maxPoolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    config.setPoolName("faceattend");
    return new HikariDataSource(config);
  }

  private static void migrate(DataSource dataSource) {
    Flyway flyway =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    var result = flyway.migrate();
    log.info(
        "Database schema at version {} ({} migrations applied now)",
        flyway.info().current().getVersion(),
        result.migrationsExecuted);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DSLContext dsl() {
    return dsl;
  }

  @Override
  public void close() {
    dataSource.close();
    closeQuietly(embedded);
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    if (pg == null) {
      return;
    }
    try {
      pg.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
