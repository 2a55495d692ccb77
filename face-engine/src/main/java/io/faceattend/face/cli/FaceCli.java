package io.faceattend.face.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone entry point for the face engine's commands ({@code face analyze|compare}, {@code
 * face-engine}); the {@code ./faceattend} launcher registers the same command classes.
 */
@Command(
    name = "faceattend",
    mixinStandardHelpOptions = true,
    subcommands = {FaceCommand.class, FaceEngineServerCommand.class})
public final class FaceCli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new FaceCli()).execute(args));
  }
}
