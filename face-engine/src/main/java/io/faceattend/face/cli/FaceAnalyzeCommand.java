package io.faceattend.face.cli;

import io.faceattend.face.AnalysisResult;
import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code face analyze IMAGE}: every face with box, score, liveness, eyes, pose and quality, as JSON. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Detect and analyse every face in an image; prints JSON.")
public final class FaceAnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "JPEG, PNG or WebP file")
    Path image;

    private final EngineFactory engines;

    public FaceAnalyzeCommand() {
        this(EngineFactory.FROM_ENVIRONMENT);
    }

    public FaceAnalyzeCommand(EngineFactory engines) {
        this.engines = engines;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (FaceEngine engine = engines.create()) {
            AnalysisResult result = engine.analyze(ImageFiles.read(image, engine.config().maxImageBytes()),
                    AnalyzeOptions.DEFAULT);
            List<Object> faces = new ArrayList<>();
            for (Face face : result.faces()) {
                faces.add(CliOutput.face(face));
            }
            out.println(Json.write(Map.of("faces", faces)));
            out.flush();
            return 0;
        } catch (FaceEngineException e) {
            return CliOutput.error(out, e);
        }
    }
}
