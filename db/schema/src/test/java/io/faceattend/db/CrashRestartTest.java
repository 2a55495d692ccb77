package io.faceattend.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9}: a child JVM opens the embedded database, commits a row, says so, and is killed
 * with SIGKILL (alone, leaving its postmaster orphaned; or together with the postmaster). The next
 * start must be quick (the orphan is stopped rather than waited for) and the acknowledged row must
 * be there.
 */
class CrashRestartTest {

  @Test
  void anOrphanedPostmasterIsStoppedAndTheAcknowledgedWriteSurvives() throws Exception {
    crashAndRestart(false);
  }

  @Test
  void theAcknowledgedWriteSurvivesKillingTheJvmAndPostgresTogether() throws Exception {
    crashAndRestart(true);
  }

  private static void crashAndRestart(boolean killPostgresToo) throws Exception {
    Path dataDir = Files.createTempDirectory("faceattend-crash");
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    WriteAndWait.class.getName(),
                    dataDir.toString()))
            .redirectErrorStream(true)
            .start();
    long postmasterPid = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("COMMITTED")) {
        // startup logging
      }
      assertThat(line).as("the child committed its row").isNotNull();
      postmasterPid =
          EmbeddedCluster.PostmasterPid.read(EmbeddedCluster.clusterDirectory(dataDir))
              .orElseThrow()
              .pid();
      child.destroyForcibly(); // SIGKILL right after the acknowledgement
      child.waitFor(10, TimeUnit.SECONDS);
      if (killPostgresToo) {
        new ProcessBuilder("kill", "-KILL", Long.toString(postmasterPid)).start().waitFor();
        ProcessHandle.of(postmasterPid)
            .ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false))
        .as("postmaster alive after the JVM's death")
        .isEqualTo(!killPostgresToo);

    long started = System.nanoTime();
    try (Database db = Database.open(DatabaseSettings.embedded(dataDir))) {
      Duration restart = Duration.ofNanos(System.nanoTime() - started);
      assertThat(restart).as("restart after kill -9").isLessThan(Duration.ofSeconds(30));
      assertThat(db.dsl().fetchValue("select count(*) from users where username = 'acknowledged'"))
          .isEqualTo(1L);
    }
    assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  /** The child: commit one row, announce it, then wait to be killed. */
  public static final class WriteAndWait {
    public static void main(String[] args) throws Exception {
      Database db = Database.open(DatabaseSettings.embedded(Path.of(args[0])));
      db.dsl()
          .execute(
              "insert into users (username, email, name, role, password_hash) "
                  + "values ('acknowledged', 'ack@example.com', 'Ack', 'employee', 'x')");
      System.out.println("COMMITTED");
      System.out.flush();
      Thread.sleep(120_000);
      System.exit(3); // never reached: the test kills it
    }
  }
}
