package io.faceattend.face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared development photographs (../shared/faces, never copied into the repo) and their
 * manifest.
 */
public final class TestPhotos {
  /** One MANIFEST.tsv row. */
  public record Entry(String path, String identity, String kind, String faces) {}

  private static final Path ROOT =
      Paths.get(System.getProperty("faceattend.shared.dir", "../shared"), "faces");
  private static final List<Entry> MANIFEST = readManifest();

  private TestPhotos() {}

  public static Path root() {
    return ROOT;
  }

  public static byte[] bytes(String relativePath) {
    try {
      return Files.readAllBytes(ROOT.resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException("shared photo missing: " + relativePath, e);
    }
  }

  public static List<Entry> ofKind(String kind) {
    return MANIFEST.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  private static List<Entry> readManifest() {
    try {
      List<String> lines = Files.readAllLines(ROOT.resolve("MANIFEST.tsv"));
      List<Entry> entries = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split("\t");
        entries.add(new Entry(cells[0], cells[1], cells[2], cells[3]));
      }
      return List.copyOf(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + ROOT.resolve("MANIFEST.tsv") + " (set -Dfaceattend.shared.dir)", e);
    }
  }
}
