package io.faceattend.face.cli;

import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code face compare IMAGE_A IMAGE_B}: similarity of the largest face of each and the verdict. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Compare the largest face of two images at the shipped threshold; prints JSON.")
public final class FaceCompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE_A", description = "JPEG, PNG or WebP file")
  Path imageA;

  @Parameters(index = "1", paramLabel = "IMAGE_B", description = "JPEG, PNG or WebP file")
  Path imageB;

  private final EngineFactory engines;

  public FaceCompareCommand() {
    this(EngineFactory.FROM_ENVIRONMENT);
  }

  public FaceCompareCommand(EngineFactory engines) {
    this.engines = engines;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (FaceEngine engine = engines.create()) {
      long limit = engine.config().maxImageBytes();
      Face a = engine.embed(ImageFiles.read(imageA, limit));
      Face b = engine.embed(ImageFiles.read(imageB, limit));
      float similarity = engine.similarity(a.embedding(), b.embedding());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("similarity", similarity);
      result.put("same_person", engine.isMatch(similarity));
      result.put("threshold", engine.config().verifyThreshold());
      out.println(Json.write(result));
      out.flush();
      return 0;
    } catch (FaceEngineException e) {
      return CliOutput.error(out, e);
    }
  }
}
