package io.faceattend.face.cli;

import io.faceattend.face.AnalysisResult;
import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code face analyze [--embeddings] [--jsonl] IMAGE...}: every face with box, score, liveness,
 * eyes, pose and quality (and embedding), as JSON. Faces come in the engine's order: {@code
 * faces[0]} is the one it would verify. With {@code --jsonl} any number of files are analysed in
 * one process, one line per file.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description =
        "Detect and analyse every face in an image; prints JSON (one line per file with --jsonl).")
public final class FaceAnalyzeCommand implements Callable<Integer> {
  /** Faces analysed per photo in batch mode (a crowd photo has more than the default 20). */
  static final int BATCH_MAX_FACES = 100;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG or WebP files")
  List<Path> images;

  @Option(names = "--embeddings", description = "include each face's L2-normalised embedding")
  boolean embeddings;

  @Option(
      names = "--jsonl",
      description =
          "one line per file: {\"file\": PATH, \"faces\": [...]} or"
              + " {\"file\": PATH, \"error\": {...}}; exit 0 unless the engine itself fails")
  boolean jsonl;

  private final EngineFactory engines;

  public FaceAnalyzeCommand() {
    this(EngineFactory.FROM_ENVIRONMENT);
  }

  public FaceAnalyzeCommand(EngineFactory engines) {
    this.engines = engines;
  }

  @Override
  public Integer call() {
    if (!jsonl && images.size() > 1) {
      throw new ParameterException(
          spec.commandLine(), "several images need --jsonl (one line per file)");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FaceEngine engine = engines.create()) {
      if (!jsonl) {
        out.println(Json.write(Map.of("faces", faces(analyze(engine, images.get(0))))));
        out.flush();
        return 0;
      }
      for (Path image : images) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", image.toString());
        try {
          line.put("faces", faces(analyze(engine, image)));
        } catch (FaceEngineException e) {
          if (e.errorCode().kind() == ErrorCode.Kind.INTERNAL) {
            throw e;
          }
          line.put("error", CliOutput.errorBody(e));
        }
        out.println(Json.write(line));
        out.flush();
      }
      return 0;
    } catch (FaceEngineException e) {
      return CliOutput.error(out, e);
    }
  }

  private AnalysisResult analyze(FaceEngine engine, Path image) {
    AnalyzeOptions options =
        new AnalyzeOptions(embeddings, jsonl ? BATCH_MAX_FACES : AnalyzeOptions.DEFAULT.maxFaces());
    return engine.analyze(ImageFiles.read(image, engine.config().maxImageBytes()), options);
  }

  private static List<Object> faces(AnalysisResult result) {
    List<Object> faces = new ArrayList<>();
    for (Face face : result.faces()) {
      faces.add(CliOutput.face(face));
    }
    return faces;
  }
}
