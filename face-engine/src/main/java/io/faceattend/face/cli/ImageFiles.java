package io.faceattend.face.cli;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an image file for the CLI, refusing what the engine would refuse anyway before reading it
 * all.
 */
final class ImageFiles {
  private ImageFiles() {}

  static byte[] read(Path path, long maxBytes) {
    try {
      if (!Files.isRegularFile(path)) {
        throw new FaceEngineException(ErrorCode.IMAGE_UNREADABLE, "no such file: " + path);
      }
      if (Files.size(path) > maxBytes) {
        throw new FaceEngineException(
            ErrorCode.IMAGE_TOO_LARGE,
            "the file " + path + " is " + Files.size(path) + " bytes; the limit is " + maxBytes);
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new FaceEngineException(
          ErrorCode.IMAGE_UNREADABLE, "cannot read " + path + ": " + e.getMessage());
    }
  }
}
