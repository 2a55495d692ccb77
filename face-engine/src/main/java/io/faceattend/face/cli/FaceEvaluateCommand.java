package io.faceattend.face.cli;

import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.eval.AnalysisFile;
import io.faceattend.face.eval.Evaluation;
import io.faceattend.face.eval.Manifest;
import io.faceattend.face.eval.PhotoAnalysis;
import io.faceattend.face.eval.RocPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code face evaluate MANIFEST.tsv}: analyses every photo of a manifest in one process (or reads a
 * saved {@code analyze --jsonl} file) and prints verification, detection and liveness figures as
 * JSON; optionally a ROC plot, with other engines' analyses (same JSONL format) as baselines.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Score the engine on a photo manifest (MANIFEST.tsv format); prints JSON.")
public final class FaceEvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MANIFEST",
      description = "MANIFEST.tsv; paths relative to its folder")
  Path manifestFile;

  @Option(
      names = "--analysis",
      paramLabel = "FILE.jsonl",
      description =
          "score this saved `face analyze --embeddings --jsonl` output instead of running the engine"
              + " (its file names relative to the manifest's folder)")
  Path analysisFile;

  @Option(
      names = "--save-analysis",
      paramLabel = "FILE.jsonl",
      description = "write the engine's analyses here")
  Path saveAnalysis;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "write the ROC curve(s) here")
  Path plot;

  @Option(
      names = "--label",
      defaultValue = "FaceAttend",
      description = "this engine's name in the plot")
  String label;

  @Option(
      names = "--baseline",
      paramLabel = "LABEL=FILE.jsonl",
      description = "another engine's analyses: scored into \"baselines\" and drawn in the plot")
  Map<String, Path> baselines = new LinkedHashMap<>();

  @Option(
      names = "--threshold",
      description = "verification threshold to score (default: the engine's)")
  Float threshold;

  private final EngineFactory engines;

  public FaceEvaluateCommand() {
    this(EngineFactory.FROM_ENVIRONMENT);
  }

  public FaceEvaluateCommand(EngineFactory engines) {
    this.engines = engines;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Manifest manifest = Manifest.read(manifestFile);
      FaceEngineConfig defaults = FaceEngineConfig.defaults();
      Map<String, PhotoAnalysis> analyses;
      float verify;
      float identify;
      if (analysisFile != null) {
        analyses = AnalysisFile.read(analysisFile);
        verify = threshold != null ? threshold : defaults.verifyThreshold();
        identify = defaults.identifyThreshold();
      } else {
        try (FaceEngine engine = engines.create()) {
          analyses = analyzeAll(engine, manifest);
          verify = threshold != null ? threshold : engine.config().verifyThreshold();
          identify = engine.config().identifyThreshold();
        }
      }
      Evaluation evaluation = new Evaluation(manifest, analyses);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("manifest", manifestFile.toString());
      report.putAll(evaluation.report(verify, identify));
      List<RocPlot.Curve> curves = new ArrayList<>();
      curves.add(new RocPlot.Curve(label, evaluation.verificationRates(), verify));
      if (!baselines.isEmpty()) {
        Map<String, Object> scored = new LinkedHashMap<>();
        for (Map.Entry<String, Path> baseline : baselines.entrySet()) {
          Evaluation other = new Evaluation(manifest, AnalysisFile.read(baseline.getValue()));
          // another engine's scores have their own scale: score it at its own threshold for FAR
          // 1e-4
          double ownThreshold = other.verificationRates().thresholdAtFalseAccept(1e-4);
          scored.put(baseline.getKey(), other.report(ownThreshold, ownThreshold));
          curves.add(new RocPlot.Curve(baseline.getKey(), other.verificationRates(), ownThreshold));
        }
        report.put("baselines", scored);
      }
      if (plot != null) {
        RocPlot.write("ROC on " + manifestFile, curves, plot);
        report.put("plot", plot.toString());
      }
      out.println(Json.write(rounded(report)));
      out.flush();
      return 0;
    } catch (FaceEngineException e) {
      return CliOutput.error(out, e);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      out.println(
          Json.write(
              Map.of("error", Map.of("code", "invalid_argument", "message", e.getMessage()))));
      out.flush();
      return CliOutput.EXIT_REFUSED;
    }
  }

  /**
   * Every photo of the manifest through the engine (faces with embeddings); optionally saved as
   * JSONL.
   */
  private Map<String, PhotoAnalysis> analyzeAll(FaceEngine engine, Manifest manifest) {
    Map<String, PhotoAnalysis> analyses = new LinkedHashMap<>();
    AnalyzeOptions options = new AnalyzeOptions(true, FaceAnalyzeCommand.BATCH_MAX_FACES);
    try (Writer saved =
        saveAnalysis == null ? Writer.nullWriter() : Files.newBufferedWriter(saveAnalysis)) {
      for (Manifest.Row row : manifest.rows()) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", row.path());
        try {
          byte[] bytes =
              ImageFiles.read(
                  manifest.folder().resolve(row.path()), engine.config().maxImageBytes());
          List<Face> faces = engine.analyze(bytes, options).faces();
          analyses.put(
              row.path(),
              new PhotoAnalysis(
                  row.path(), faces.stream().map(PhotoAnalysis.FaceSummary::of).toList(), null));
          line.put("faces", faces.stream().map(CliOutput::face).toList());
        } catch (FaceEngineException e) {
          if (e.errorCode().kind() == ErrorCode.Kind.INTERNAL) {
            throw e;
          }
          analyses.put(row.path(), new PhotoAnalysis(row.path(), List.of(), e.code()));
          line.put("error", CliOutput.errorBody(e));
        }
        saved.write(Json.write(line));
        saved.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + saveAnalysis, e);
    }
    return analyses;
  }

  /** Rates to 4 significant digits (a false accept rate of 4.6e-5 must not print as 0). */
  @SuppressWarnings("unchecked")
  private static Object rounded(Object value) {
    if (value instanceof Double d && Double.isFinite(d)) {
      return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k.toString(), rounded(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(FaceEvaluateCommand::rounded).toList();
    }
    return value;
  }
}
