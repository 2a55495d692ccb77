package io.faceattend.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Photos from ../shared/faces (never copied into the repository). */
final class SharedFaces {

  private SharedFaces() {}

  static Path dir() {
    String configured = System.getProperty("faceattend.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    Path faces = shared.resolve("faces");
    if (!Files.isDirectory(faces)) {
      throw new IllegalStateException(
          "Test photos not found at "
              + faces.toAbsolutePath()
              + " (set -Dfaceattend.shared.dir to the shared/ folder)");
    }
    return faces;
  }

  static byte[] read(String relative) {
    try {
      return Files.readAllBytes(dir().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
