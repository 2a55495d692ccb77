package io.faceattend.face.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.TestPhotos;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI commands as the launcher runs them: JSON on stdout, exit codes. */
class FaceCliTest {
    private record Run(int exit, String out) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out));
        int exit = line.execute(args);
        return new Run(exit, out.toString().strip());
    }

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
        assertThat(run.out()).contains("\"eyes_open\": ", "\"pose\": {\"yaw\": ", "\"quality\": {\"face_size\": ");
    }

    @Test
    void compareSameAndDifferentPeople() {
        Run same = run(new FaceCompareCommand(ENGINES), photo("people/barack_obama/1.jpg"),
                photo("people/barack_obama/3.jpg"));
        Run different = run(new FaceCompareCommand(ENGINES), photo("people/barack_obama/1.jpg"),
                photo("people/joe_biden/1.jpg"));
        assertThat(same.exit()).isZero();
        assertThat(same.out()).matches("\\{\"similarity\": 0\\.\\d+, \"same_person\": true, \"threshold\": 0\\.38}");
        assertThat(different.out()).contains("\"same_person\": false");
    }

    @Test
    void compareWithoutAFaceFailsWithErrorJson() {
        Run run = run(new FaceCompareCommand(ENGINES), photo("no_face/inspireface_view.jpg"),
                photo("people/joe_biden/1.jpg"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("{\"error\": {\"code\": \"no_face\", \"message\": \"no face was found in the image\"}}");
    }

    @Test
    void unreadableAndMissingFilesFailWithErrorJson() {
        assertThat(run(new FaceAnalyzeCommand(ENGINES), photo("invalid/truncated.jpg")).out())
                .startsWith("{\"error\": {\"code\": \"image_unreadable\"");
        Run missing = run(new FaceAnalyzeCommand(ENGINES), "/no/such/photo.jpg");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).startsWith("{\"error\": {\"code\": \"image_unreadable\"");
    }
}
