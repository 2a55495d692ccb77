package io.faceattend.face.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A photo manifest in the format of {@code shared/faces/MANIFEST.tsv}: a header line, then
 * tab-separated {@code path, identity, kind, faces, ...} with {@code notes} as the tenth column.
 * Paths are relative to the manifest's folder.
 */
public record Manifest(Path folder, List<Row> rows) {
  /** Kinds the evaluation reads; others (invalid, variant) are analysed but not scored. */
  public static final String SINGLE = "single";

  public static final String GROUP = "group";
  public static final String NO_FACE = "no_face";
  public static final String LIVE = "live";
  public static final String SPOOF = "spoof";

  /**
   * One photo.
   *
   * @param path relative to the manifest's folder
   * @param identity person's name, or "-" when none or unknown
   * @param kind single, group, no_face, live, spoof, variant, invalid
   * @param faces expected face count, "-" when unknown
   * @param notes free text (used to tell attack types apart)
   */
  public record Row(String path, String identity, String kind, String faces, String notes) {
    /** The expected number of faces, when the manifest gives one. */
    public OptionalInt expectedFaces() {
      return faces.matches("\\d+") ? OptionalInt.of(Integer.parseInt(faces)) : OptionalInt.empty();
    }

    /**
     * The presentation-attack type of a spoof (print, screen_replay) or the capture type of a live
     * sample, with a "_tight_crop" suffix for a crop that shows the face only (no paper edge, bezel
     * or background).
     */
    public String captureType() {
      String text = (path + " " + notes).toLowerCase(Locale.ROOT);
      String base =
          kind.equals(SPOOF)
              ? (text.contains("screen")
                  ? "screen_replay"
                  : text.contains("print") ? "print" : "other")
              : "live";
      return text.contains("tight") ? base + "_tight_crop" : base;
    }
  }

  public static Manifest read(Path manifest) {
    try {
      List<String> lines = Files.readAllLines(manifest);
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (cells.length < 4) {
          throw new IllegalArgumentException("manifest line has fewer than 4 columns: " + line);
        }
        rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells.length > 9 ? cells[9] : ""));
      }
      Path folder = manifest.toAbsolutePath().getParent();
      return new Manifest(folder, List.copyOf(rows));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest, e);
    }
  }

  public List<Row> ofKind(String kind) {
    return rows.stream().filter(r -> r.kind().equals(kind)).toList();
  }
}
