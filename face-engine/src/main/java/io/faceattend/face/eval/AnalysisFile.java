package io.faceattend.face.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code face analyze --embeddings --jsonl} output (one {@code {"file": ..., "faces": [...]}}
 * or {@code {"file": ..., "error": {...}}} per line). Fields another tool may not write (liveness,
 * quality) are optional: the face size then comes from the box.
 */
public final class AnalysisFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnalysisFile() {}

  /** Analyses by file name as written in the file. */
  public static Map<String, PhotoAnalysis> read(Path jsonl) {
    Map<String, PhotoAnalysis> byFile = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(jsonl)) {
        if (!line.isBlank()) {
          PhotoAnalysis analysis = parse(line);
          byFile.put(analysis.file(), analysis);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jsonl, e);
    }
    return byFile;
  }

  static PhotoAnalysis parse(String line) throws IOException {
    JsonNode root = JSON.readTree(line);
    String file = root.path("file").asText();
    if (root.has("error")) {
      return new PhotoAnalysis(file, List.of(), root.path("error").path("code").asText("error"));
    }
    List<PhotoAnalysis.FaceSummary> faces = new ArrayList<>();
    for (JsonNode face : root.path("faces")) {
      JsonNode box = face.path("box");
      float size =
          face.path("quality").has("face_size")
              ? (float) face.path("quality").path("face_size").asDouble()
              : (float)
                  Math.min(
                      box.path("x2").asDouble() - box.path("x1").asDouble(),
                      box.path("y2").asDouble() - box.path("y1").asDouble());
      JsonNode liveness = face.path("liveness");
      float liveScore =
          liveness.has("score") ? (float) liveness.path("score").asDouble() : Float.NaN;
      float[] embedding = null;
      if (face.has("embedding")) {
        JsonNode values = face.path("embedding");
        embedding = new float[values.size()];
        double sum = 0;
        for (int i = 0; i < embedding.length; i++) {
          embedding[i] = (float) values.get(i).asDouble();
          sum += embedding[i] * embedding[i];
        }
        // written rounded (4 decimals): normalise again so cosine stays a plain dot product
        float inverse = (float) (1 / Math.sqrt(Math.max(sum, 1e-12)));
        for (int i = 0; i < embedding.length; i++) {
          embedding[i] *= inverse;
        }
      }
      faces.add(
          new PhotoAnalysis.FaceSummary(
              (float) face.path("score").asDouble(),
              size,
              liveScore,
              liveness.path("live").asBoolean(false),
              embedding));
    }
    return new PhotoAnalysis(file, List.copyOf(faces), null);
  }
}
