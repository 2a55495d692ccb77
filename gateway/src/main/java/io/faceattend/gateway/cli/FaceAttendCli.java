package io.faceattend.gateway.cli;

import io.faceattend.face.cli.FaceCommand;
import io.faceattend.face.cli.FaceEngineServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./faceattend}: the one entry point for running and administering the platform. */
@Command(
    name = "faceattend",
    mixinStandardHelpOptions = true,
    version = "FaceAttend 0.1.0",
    description = "Face-verified attendance platform.",
    subcommands = {ServeCommand.class, UserCommand.class, FaceCommand.class, FaceEngineServerCommand.class,
        CommandLine.HelpCommand.class})
public final class FaceAttendCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new FaceAttendCli()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
