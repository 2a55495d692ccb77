package io.faceattend.face.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.TestPhotos;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI commands as the launcher runs them: JSON on stdout, exit codes. */
class FaceCliTest {
  private record Run(int exit, String out) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out));
    int exit = line.execute(args);
    return new Run(exit, out.toString().strip());
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final EngineFactory ENGINES = () -> new FaceEngine(FaceEngineConfig.defaults());

  private static String photo(String path) {
    return TestPhotos.root().resolve(path).toString();
  }

  @Test
  void analyzePrintsEveryFace() {
    Run run = run(new FaceAnalyzeCommand(ENGINES), photo("groups/obama_biden_two_people.jpg"));
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("{\"faces\": [{\"box\": {\"x1\": ");
    assertThat(run.out().split("\"liveness\": \\{\"score\": ")).hasSize(3);
    assertThat(run.out())
        .contains("\"eyes_open\": ", "\"pose\": {\"yaw\": ", "\"quality\": {\"face_size\": ");
  }

  @Test
  void compareSameAndDifferentPeople() {
    Run same =
        run(
            new FaceCompareCommand(ENGINES),
            photo("people/barack_obama/1.jpg"),
            photo("people/barack_obama/3.jpg"));
    Run different =
        run(
            new FaceCompareCommand(ENGINES),
            photo("people/barack_obama/1.jpg"),
            photo("people/joe_biden/1.jpg"));
    assertThat(same.exit()).isZero();
    assertThat(same.out())
        .matches("\\{\"similarity\": 0\\.\\d+, \"same_person\": true, \"threshold\": 0\\.38}");
    assertThat(different.out()).contains("\"same_person\": false");
  }

  @Test
  void compareWithoutAFaceFailsWithErrorJson() {
    Run run =
        run(
            new FaceCompareCommand(ENGINES),
            photo("no_face/inspireface_view.jpg"),
            photo("people/joe_biden/1.jpg"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .isEqualTo(
            "{\"error\": {\"code\": \"no_face\", \"message\": \"no face was found in the image\"}}");
  }

  @Test
  void unreadableAndMissingFilesFailWithErrorJson() {
    assertThat(run(new FaceAnalyzeCommand(ENGINES), photo("invalid/truncated.jpg")).out())
        .startsWith("{\"error\": {\"code\": \"image_unreadable\"");
    Run missing = run(new FaceAnalyzeCommand(ENGINES), "/no/such/photo.jpg");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).startsWith("{\"error\": {\"code\": \"image_unreadable\"");
  }

  @Test
  void analyzeJsonlGivesOneLinePerFileWithNormalisedEmbeddings() throws Exception {
    String missing = "/no/such/photo.jpg";
    Run run =
        run(
            new FaceAnalyzeCommand(ENGINES),
            "--embeddings",
            "--jsonl",
            photo("people/barack_obama/1.jpg"),
            missing,
            photo("no_face/inspireface_view.jpg"));
    assertThat(run.exit()).isZero();
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(3);
    JsonNode first = JSON.readTree(lines[0]);
    assertThat(first.path("file").asText()).isEqualTo(photo("people/barack_obama/1.jpg"));
    JsonNode embedding = first.path("faces").get(0).path("embedding");
    assertThat(embedding.size()).isEqualTo(512);
    double norm = 0;
    for (JsonNode v : embedding) {
      norm += v.asDouble() * v.asDouble();
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(0.01));
    assertThat(first.path("faces").get(0).has("liveness")).isTrue();
    JsonNode error = JSON.readTree(lines[1]);
    assertThat(error.path("file").asText()).isEqualTo(missing);
    assertThat(error.path("error").path("code").asText()).isEqualTo("image_unreadable");
    assertThat(JSON.readTree(lines[2]).path("faces").size()).isZero();
  }

  @Test
  void severalImagesWithoutJsonlIsAUsageError() {
    Run run =
        run(
            new FaceAnalyzeCommand(ENGINES),
            photo("people/barack_obama/1.jpg"),
            photo("people/joe_biden/1.jpg"));
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void evaluateScoresAManifestAndDrawsTheRoc(@TempDir Path dir) throws Exception {
    // a small manifest in the shared format, its paths relative to its own folder
    String[][] rows = {
      {"people/barack_obama/1.jpg", "barack_obama", "single", "1", ""},
      {"people/barack_obama/3.jpg", "barack_obama", "single", "1", ""},
      {"people/joe_biden/1.jpg", "joe_biden", "single", "1", ""},
      {"groups/obama_biden_two_people.jpg", "-", "group", "2", ""},
      {"no_face/inspireface_view.jpg", "-", "no_face", "0", ""},
      {"spoof/silentface_image_F1_print.jpg", "-", "spoof", "1", "printed photo attack"},
      {"invalid/empty.png", "-", "invalid", "-", ""},
    };
    StringBuilder tsv =
        new StringBuilder(
            "path\tidentity\tkind\tfaces\tsource_repository\tsource_path"
                + "\tsource_licence\tsource_commit\tformat\tnotes\n");
    for (String[] row : rows) {
      String relative =
          dir.relativize(TestPhotos.root().toAbsolutePath().resolve(row[0])).toString();
      tsv.append(
              String.join("\t", relative, row[1], row[2], row[3], "-", "-", "-", "-", "-", row[4]))
          .append('\n');
    }
    Path manifest = Files.writeString(dir.resolve("MANIFEST.tsv"), tsv);
    Path png = dir.resolve("roc.png");
    Path saved = dir.resolve("analysis.jsonl");
    Run run =
        run(
            new FaceEvaluateCommand(ENGINES),
            manifest.toString(),
            "--plot",
            png.toString(),
            "--save-analysis",
            saved.toString());
    assertThat(run.exit()).as(run.out()).isZero();
    JsonNode report = JSON.readTree(run.out());
    JsonNode verification = report.path("verification");
    assertThat(verification.path("genuine_pairs").asInt()).isEqualTo(1);
    assertThat(verification.path("impostor_pairs").asInt()).isEqualTo(2);
    assertThat(verification.path("genuine_accept").asDouble()).isEqualTo(1.0);
    assertThat(verification.path("impostor_reject").asDouble()).isEqualTo(1.0);
    assertThat(verification.path("eer").asDouble()).isZero();
    assertThat(verification.path("threshold").asDouble()).isEqualTo(0.38);
    assertThat(verification.has("tar_at_far_1e-3")).isTrue();
    assertThat(verification.has("tar_at_far_1e-4")).isTrue();
    JsonNode detection = report.path("detection");
    assertThat(detection.path("group_faces_found").asInt()).isEqualTo(2);
    assertThat(detection.path("no_face_photos_with_faces").asInt()).isZero();
    assertThat(report.path("liveness").path("apcer").path("print").path("rate").asDouble())
        .isZero();
    BufferedImage plot = ImageIO.read(png.toFile());
    assertThat(plot.getWidth()).isEqualTo(900);
    assertThat(Files.readAllLines(saved)).hasSize(rows.length);

    // the saved analysis (embeddings to 4 decimals) scores the same without the engine, and a
    // baseline in that
    // format is compared
    Run again =
        run(
            new FaceEvaluateCommand(ENGINES),
            manifest.toString(),
            "--analysis",
            saved.toString(),
            "--baseline",
            "copy=" + saved);
    JsonNode second = JSON.readTree(again.out()).path("verification");
    for (String field :
        new String[] {
          "genuine_pairs", "impostor_pairs", "genuine_accept", "impostor_reject", "eer"
        }) {
      assertThat(second.path(field)).as(field).isEqualTo(verification.path(field));
    }
    assertThat(second.path("threshold_at_far_1e-4").asDouble())
        .isCloseTo(verification.path("threshold_at_far_1e-4").asDouble(), within(0.001));
    second = JSON.readTree(again.out());
    assertThat(second.path("baselines").path("copy").path("verification").path("eer").asDouble())
        .isZero();
  }
}
