package io.faceattend.gateway.cli;

import io.faceattend.face.cli.FaceCommand;
import io.faceattend.face.cli.FaceEngineServerCommand;
import io.faceattend.gateway.observability.Logs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./faceattend}: the one entry point for running and administering the platform. */
@Command(
    name = "faceattend",
    mixinStandardHelpOptions = true,
    version = "FaceAttend 0.1.0",
    description = "Face-verified attendance platform.",
    footer = {
      "",
      "Configuration comes from FACEATTEND_* environment variables (README.md, \"Configuration\"), e.g.",
      "  FACEATTEND_DATA_DIR, FACEATTEND_HTTP_PORT, FACEATTEND_DATABASE_URL, FACEATTEND_MANAGEMENT_PORT,",
      "  FACEATTEND_CORS_ORIGINS, FACEATTEND_TLS_CERT, FACEATTEND_TLS_KEY, FACEATTEND_REGISTRATION,",
      "  FACEATTEND_RATE_LIMITS, FACEATTEND_LOG_FORMAT (text|json), FACEATTEND_LOG_LEVEL.",
      "`./faceattend config` prints the effective configuration (secrets masked)."
    },
    subcommands = {
      ServeCommand.class,
      UserCommand.class,
      ConfigCommand.class,
      DevCertCommand.class,
      FaceCommand.class,
      FaceEngineServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FaceAttendCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    try {
      Logs.check(System.getenv());
    } catch (RuntimeException e) {
      System.err.println(CliErrors.message(e));
      return 2;
    }
    return new CommandLine(new FaceAttendCli())
        .setExecutionExceptionHandler(new CliErrors())
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
