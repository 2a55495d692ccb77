package io.faceattend.face.cli;

import picocli.CommandLine.Command;

/** {@code face}: groups the image commands. */
@Command(
    name = "face",
    mixinStandardHelpOptions = true,
    description = "Face analysis from the command line.",
    subcommands = {FaceAnalyzeCommand.class, FaceCompareCommand.class, FaceEvaluateCommand.class})
public final class FaceCommand {}
