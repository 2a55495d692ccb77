package io.faceattend.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL cluster in {@code <data dir>/postgres}, run durably and privately: fsync,
 * synchronous commit and full-page writes on (the embedding library turns the first two off);
 * password (SCRAM-SHA-256) authentication with a generated secret in {@code <data
 * dir>/secrets/postgres.password} (owner-only); TCP on 127.0.0.1 only and no Unix socket.
 *
 * <p>Who holds the cluster is told by the library's lock file ({@code epg-lock}, locked by the JVM
 * that started the postmaster; the OS releases it when that JVM dies) and PostgreSQL's {@code
 * postmaster.pid}. A postmaster of this cluster that outlived its JVM ({@code kill -9}) is stopped
 * before starting, instead of the start timing out; one whose JVM still runs is the running
 * server's, and {@link #running} lets the command line connect to it.
 */
final class EmbeddedCluster {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String SUPERUSER = "postgres";

  /**
   * First line of the pg_hba.conf written here; without it the file is initdb's (trust) and gets
   * replaced.
   */
  private static final String HBA_MARKER = "# faceattend: password authentication only";

  private static final String HBA =
      HBA_MARKER
          + "\n"
          + "local all all scram-sha-256\n"
          + "host  all all 127.0.0.1/32 scram-sha-256\n"
          + "host  all all ::1/128 scram-sha-256\n";
  private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(20);

  /** Connection details of a started or running cluster. */
  record Endpoint(int port, String password) {
    String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }
  }

  private EmbeddedCluster() {}

  static Path clusterDirectory(Path dataDirectory) {
    return dataDirectory.toAbsolutePath().normalize().resolve("postgres");
  }

  static Path passwordFile(Path dataDirectory) {
    return dataDirectory.toAbsolutePath().normalize().resolve("secrets/postgres.password");
  }

  /**
   * The cluster another live process (a running {@code faceattend serve}) holds, if any: its port
   * from {@code postmaster.pid} and the password from the data directory.
   */
  static Optional<Endpoint> running(Path dataDirectory) {
    Path cluster = clusterDirectory(dataDirectory);
    Optional<PostmasterPid> pid = PostmasterPid.read(cluster);
    if (pid.isEmpty() || !pid.get().isLivePostgresOf(cluster) || !heldByAnotherProcess(cluster)) {
      return Optional.empty();
    }
    return Optional.of(new Endpoint(pid.get().port(), loadOrCreatePassword(dataDirectory)));
  }

  /**
   * Starts the cluster (creating it on first use); fails with {@link DatabaseInUseException} when
   * another holds it.
   */
  static EmbeddedPostgres start(Path dataDirectory) {
    Path cluster = clusterDirectory(dataDirectory);
    String password = loadOrCreatePassword(dataDirectory);
    try {
      Files.createDirectories(cluster);
      stopStalePostmaster(cluster);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(cluster)
              // keep the cluster between runs: this is the platform's data, not a test fixture
              .setCleanDataDirectory(false)
              // durability: the library's defaults trade it for speed (the -F it always passes is
              // overridden too)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              // private: loopback TCP only, no Unix socket (its permissions would depend on the
              // umask)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("unix_socket_directories", "''")
              .setServerConfig("password_encryption", "scram-sha-256")
              .setConnectConfig("password", password)
              .setPGStartupWait(Duration.ofSeconds(30))
              .start();
      secure(cluster, pg.getPort(), password);
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + cluster, e);
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
        throw new DatabaseInUseException(
            "The embedded database in " + cluster + " is in use by another process");
      }
      throw e;
    }
  }

  /**
   * A fresh cluster is initialised by the library with trust authentication: set the superuser's
   * password, then switch every connection to SCRAM. Until the reload (a moment, on first start
   * only) the server already listens only on 127.0.0.1.
   */
  private static void secure(Path cluster, int port, String password) throws IOException {
    Path hba = cluster.resolve("pg_hba.conf");
    if (Files.readString(hba).startsWith(HBA_MARKER)) {
      return;
    }
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    try (Connection c = DriverManager.getConnection(new Endpoint(port, password).jdbcUrl(), props);
        Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      // a literal, not a parameter (utility statements take none); the password is base64: no
      // quotes inside
      s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
      Path temp = Files.createTempFile(cluster, "pg_hba", ".tmp");
      Files.writeString(temp, HBA, StandardCharsets.UTF_8);
      Files.move(temp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      s.execute("SELECT pg_reload_conf()");
      log.info(
          "Embedded PostgreSQL secured: SCRAM password authentication, secret in {}",
          passwordFile(cluster.getParent()));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not set the embedded PostgreSQL password: " + e.getMessage(), e);
    }
  }

  /**
   * A postmaster still running on this cluster while nobody holds the lock outlived its JVM: stop
   * it (fast shutdown, then immediate) so the start does not wait for a server that never answers
   * on the new port.
   */
  private static void stopStalePostmaster(Path cluster) {
    Optional<PostmasterPid> pid = PostmasterPid.read(cluster);
    if (pid.isEmpty() || !pid.get().isLivePostgresOf(cluster)) {
      return;
    }
    if (heldByAnotherProcess(cluster)) {
      throw new DatabaseInUseException(
          "The embedded database in "
              + cluster
              + " is in use by another process (pid "
              + ProcessHandle.of(pid.get().pid())
                  .flatMap(p -> p.parent())
                  .map(p -> p.pid())
                  .orElse(pid.get().pid())
              + "); stop it first");
    }
    log.warn(
        "Stopping PostgreSQL (pid {}) left running on {} by a process that ended abruptly",
        pid.get().pid(),
        cluster);
    ProcessHandle postmaster = ProcessHandle.of(pid.get().pid()).orElse(null);
    if (postmaster == null) {
      return;
    }
    for (String signal : List.of("INT", "QUIT", "KILL")) {
      signal(postmaster.pid(), signal);
      if (awaitExit(postmaster, signal.equals("INT") ? STALE_STOP_WAIT : Duration.ofSeconds(5))) {
        return;
      }
    }
    throw new DatabaseInUseException(
        "PostgreSQL (pid " + postmaster.pid() + ") on " + cluster + " does not stop");
  }

  private static void signal(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      kill.getInputStream().readAllBytes();
      kill.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !process.isAlive();
  }

  /**
   * Whether another process holds the library's lock on the cluster (the JVM that started its
   * postmaster).
   */
  static boolean heldByAnotherProcess(Path cluster) {
    Path lockFile = cluster.resolve("epg-lock");
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException thisJvm) {
      return false; // held in this very JVM: not another process
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The superuser's password: generated on first use, kept owner-only next to the other generated
   * keys.
   */
  static String loadOrCreatePassword(Path dataDirectory) {
    Path file = passwordFile(dataDirectory);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Path temp = Files.createTempFile(file.getParent(), ".password", ".tmp");
        try {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // non-POSIX file systems: the directory's permissions apply
        }
        Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        try {
          Files.move(
              temp,
              file,
              StandardCopyOption.ATOMIC_MOVE); // two processes at once keep the same secret
        } catch (IOException raced) {
          Files.deleteIfExists(temp);
        }
      }
      String password = Files.readString(file).trim();
      if (!password.matches("[A-Za-z0-9_-]{16,}")) {
        throw new IllegalStateException("The database password file " + file + " is damaged");
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create " + file, e);
    }
  }

  /**
   * PostgreSQL's {@code postmaster.pid}: pid, data directory, start time, port, ... one per line.
   */
  record PostmasterPid(long pid, Path dataDirectory, int port) {

    static Optional<PostmasterPid> read(Path cluster) {
      try {
        List<String> lines = Files.readAllLines(cluster.resolve("postmaster.pid"));
        if (lines.size() < 4) {
          return Optional.empty();
        }
        return Optional.of(
            new PostmasterPid(
                Long.parseLong(lines.get(0).trim()),
                Path.of(lines.get(1).trim()),
                Integer.parseInt(lines.get(3).trim())));
      } catch (IOException | NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The pid is alive, is a postgres process, and serves this very cluster (pids get reused). */
    boolean isLivePostgresOf(Path cluster) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return false;
      }
      String command = process.get().info().command().orElse("");
      if (!command.endsWith("/postgres") && !command.equals("postgres")) {
        return false;
      }
      try {
        return Files.isSameFile(dataDirectory, cluster);
      } catch (IOException e) {
        return false;
      }
    }
  }
}
