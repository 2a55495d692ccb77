package io.faceattend.face;

import io.faceattend.face.image.DecodedImage;
import io.faceattend.face.image.ImageDecoder;
import io.faceattend.face.model.ModelSet;
import io.faceattend.face.pipeline.Detection;
import io.faceattend.face.pipeline.EyeStateClassifier;
import io.faceattend.face.pipeline.FaceAligner;
import io.faceattend.face.pipeline.FaceDetector;
import io.faceattend.face.pipeline.FaceEmbedder;
import io.faceattend.face.pipeline.FaceFinder;
import io.faceattend.face.pipeline.FoundFaces;
import io.faceattend.face.pipeline.HeadPoseEstimator;
import io.faceattend.face.pipeline.LandmarkDetector;
import io.faceattend.face.pipeline.LivenessDetector;
import io.faceattend.face.pipeline.QualityMeter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The face engine: decode, detect, landmarks, align, embed, liveness, eyes, pose, quality, and the
 * decisions built on them. Thread-safe; build one per process (it holds the ONNX Runtime sessions)
 * and close it at exit. Photos are processed in memory only and never logged.
 */
public final class FaceEngine implements AutoCloseable {
  /** Long side a photo is decoded at for the second, small-face search. */
  static final int DETAIL_LONG_SIDE = 3200;

  /**
   * Faces smaller than this (decoded pixels) in a reduced-scale decode trigger the finer decode.
   */
  static final int DETAIL_FACE_SIZE = 112;

  /**
   * Detector score of a face that is ranked before doubtful ones when choosing the face to verify.
   */
  static final float CONFIDENT_SCORE = 0.95f;

  private final FaceEngineConfig config;
  private final ModelSet models;
  private final ImageDecoder decoder;
  private final FaceFinder finder;
  private final LandmarkDetector landmarks;
  private final FaceEmbedder embedder;
  private final Map<String, FaceEmbedder> olderEmbedders;
  private final LivenessDetector liveness;
  private final EyeStateClassifier eyes;
  private final HeadPoseEstimator pose;

  /**
   * Verifies the models in {@code config.modelDir()} and builds the sessions.
   *
   * @throws FaceEngineException {@code model_missing} or {@code model_tampered}
   */
  private volatile FaceStageListener stages = FaceStageListener.NONE;

  public FaceEngine(FaceEngineConfig config) {
    this.config = config;
    // Requests already run in parallel on their own threads and the crops are small: OpenCV's own
    // worker
    // pool would only compete with them and with ONNX Runtime for the cores (process-wide setting).
    org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
    this.models = ModelSet.load(config.modelDir(), config.intraOpThreads());
    this.decoder =
        new ImageDecoder(config.maxImageBytes(), config.maxImagePixels(), config.decodeLongSide());
    this.landmarks = new LandmarkDetector(models.landmark);
    EmbeddingModel current = config.embeddingModel();
    this.embedder = new FaceEmbedder(models.embedding(current.file()), current);
    Map<String, FaceEmbedder> older = new LinkedHashMap<>();
    for (EmbeddingModel legacy : config.legacyModels()) {
      older.put(legacy.id(), new FaceEmbedder(models.embedding(legacy.file()), legacy));
    }
    this.olderEmbedders = Collections.unmodifiableMap(older);
    this.liveness = new LivenessDetector(models.liveness);
    this.eyes = new EyeStateClassifier(models.eye);
    this.finder =
        new FaceFinder(
            new FaceDetector(models.detect, config.detectionThreshold(), config.nmsThreshold()),
            landmarks,
            eyes,
            config.eyeOpenThreshold());
    this.pose = new HeadPoseEstimator(models.pose);
  }

  /** An engine configured from the environment ({@link FaceEngineConfig#fromEnvironment()}). */
  public static FaceEngine fromEnvironment() {
    return new FaceEngine(FaceEngineConfig.fromEnvironment());
  }

  /** Where stage timings go (metrics); {@link FaceStageListener#NONE} by default. */
  public void setStageListener(FaceStageListener listener) {
    this.stages = listener == null ? FaceStageListener.NONE : listener;
  }

  /** Runs one pipeline stage and reports its duration. */
  private <T> T timed(String stage, Supplier<T> work) {
    long started = System.nanoTime();
    try {
      return work.get();
    } finally {
      stages.stageCompleted(stage, System.nanoTime() - started);
    }
  }

  public FaceEngineConfig config() {
    return config;
  }

  /** The model every embedding this engine returns is made with (unless named otherwise). */
  public EmbeddingModel embeddingModel() {
    return embedder.spec();
  }

  /** Ids of the older embedding models kept loaded for templates they made, in configured order. */
  public Set<String> olderModels() {
    return olderEmbedders.keySet();
  }

  /**
   * Every face in the image in verification order (see {@link #verificationOrder}), each fully
   * analysed (embeddings only when asked).
   */
  public AnalysisResult analyze(byte[] image, AnalyzeOptions options) {
    try (Located located = locate(image)) {
      return analyzeLocated(located, options);
    }
  }

  /**
   * The face to verify (the largest confident one) with its embedding, without quality or liveness
   * gates.
   */
  public Face embed(byte[] image) {
    return faceToVerify(image);
  }

  /**
   * Compares the probe's face to verify (the largest confident one) with the templates (512-d
   * embeddings of one person).
   *
   * @throws FaceEngineException {@code no_face}, image errors, or {@code invalid_argument} for bad
   *     templates
   */
  public VerifyResult verify(byte[] probe, List<float[]> templates) {
    checkTemplates(templates);
    Face face = faceToVerify(probe);
    return compare(face, templates);
  }

  /** Compares an analysed face (with embedding) with templates. */
  public VerifyResult compare(Face face, List<float[]> templates) {
    checkTemplates(templates);
    if (face.embedding() == null) {
      throw new IllegalArgumentException("the face has no embedding");
    }
    float best = -1;
    int bestIndex = -1;
    for (int i = 0; i < templates.size(); i++) {
      float similarity = FaceEmbedder.cosine(face.embedding(), normalized(templates.get(i)));
      if (similarity > best) {
        best = similarity;
        bestIndex = i;
      }
    }
    return new VerifyResult(best, best >= config.verifyThreshold(), bestIndex, face);
  }

  /** Cosine similarity of two embeddings (normalised here, so any scale is accepted). */
  public float similarity(float[] a, float[] b) {
    checkTemplates(List.of(a, b));
    return FaceEmbedder.cosine(normalized(a), normalized(b));
  }

  /**
   * Whether a similarity counts as the same person in 1:1 verification ({@code verifyThreshold}).
   */
  public boolean isMatch(float similarity) {
    return similarity >= config.verifyThreshold();
  }

  /** Whether the best similarity of a 1:N search names that person ({@code identifyThreshold}). */
  public boolean isIdentified(float similarity) {
    return similarity >= config.identifyThreshold();
  }

  /**
   * Enrolment and check-in gate: exactly one face (faces smaller than the minimum size are
   * ignored), large enough, head pose within range, sharp and well lit, both eyes open, and live.
   * Returns that face with its embedding. Gates run cheapest first and stop at the first failure.
   *
   * @throws FaceEngineException with the failing gate's code: {@code no_face}, {@code
   *     multiple_faces}, {@code face_too_small}, {@code pose_out_of_range}, {@code low_quality},
   *     {@code eyes_closed}, {@code liveness_failed}, or an image error
   */
  public Face acceptFace(byte[] image) {
    return acceptFace(image, List.of());
  }

  /**
   * {@link #acceptFace(byte[])}, the accepted face also embedded by each of {@code olderModels}
   * this engine has loaded ({@link Face#olderEmbeddings()}); ids it does not know (or the current
   * model's) are left out, so a caller sees which templates cannot be compared.
   */
  public Face acceptFace(byte[] image, Collection<String> olderModels) {
    try (Located located = locate(image)) {
      FoundFaces found = located.found();
      DecodedImage decoded = located.decoded();
      if (found.detections().isEmpty()) {
        throw new FaceEngineException(ErrorCode.NO_FACE, "no face was found in the image");
      }
      Mat bgr = found.view();
      float scale = decoded.reduction();
      List<Detection> ordered = verificationOrder(found.detections());
      Detection main = ordered.get(0);
      long bigEnough =
          ordered.stream().filter(d -> shortSide(d.box()) * scale >= config.minFaceSize()).count();
      if (bigEnough > 1) {
        throw new FaceEngineException(
            ErrorCode.MULTIPLE_FACES,
            bigEnough + " faces were found; exactly one person must be in the picture");
      }
      float size = shortSide(main.box()) * scale;
      if (size < config.minFaceSize()) {
        throw new FaceEngineException(
            ErrorCode.FACE_TOO_SMALL,
            "the face is "
                + Math.round(size)
                + " pixels; at least "
                + config.minFaceSize()
                + " are needed (come closer)");
      }
      List<Point> points = timed("landmarks", () -> landmarks.detect(bgr, main.box()));
      HeadPose headPose = timed("pose", () -> pose.estimate(bgr, main.box()));
      if (Math.abs(headPose.yaw()) > config.maxYaw()
          || Math.abs(headPose.pitch()) > config.maxPitch()
          || Math.abs(headPose.roll()) > config.maxRoll()) {
        throw new FaceEngineException(
            ErrorCode.POSE_OUT_OF_RANGE,
            String.format(
                Locale.ROOT,
                "the head is turned too far (yaw %.0f, pitch %.0f, roll %.0f degrees); look at the camera",
                headPose.yaw(),
                headPose.pitch(),
                headPose.roll()));
      }
      try (Mat aligned = FaceAligner.align(bgr, LandmarkDetector.fivePoints(points))) {
        // quality before eyes: in a dark or blurred face the eye model sees "closed"
        float[] measures = QualityMeter.measure(aligned);
        FaceQuality quality = new FaceQuality(size, measures[0], measures[1]);
        if (quality.sharpness() < config.minSharpness()) {
          throw new FaceEngineException(ErrorCode.LOW_QUALITY, "the face is too blurred");
        }
        if (quality.brightness() < config.minBrightness()
            || quality.brightness() > config.maxBrightness()) {
          throw new FaceEngineException(
              ErrorCode.LOW_QUALITY,
              "the face is too "
                  + (quality.brightness() < config.minBrightness() ? "dark" : "bright"));
        }
        EyeState eyeState = timed("eyes", () -> eyes.classify(bgr, points));
        if (!eyesOpen(eyeState)) {
          throw new FaceEngineException(ErrorCode.EYES_CLOSED, "the eyes must be open");
        }
        float liveScore = timed("liveness", () -> liveness.liveScore(bgr, main.box()));
        if (liveScore < config.livenessThreshold()) {
          throw new FaceEngineException(
              ErrorCode.LIVENESS_FAILED, "the face does not look live (photo or screen suspected)");
        }
        Point[] five = LandmarkDetector.fivePoints(points);
        float[] embedding = timed("embed", () -> embedder.embed(bgr, five, aligned));
        Map<String, float[]> older = new LinkedHashMap<>();
        for (String id : olderModels) {
          FaceEmbedder legacy = olderEmbedders.get(id);
          if (legacy != null && !older.containsKey(id)) {
            older.put(id, timed("embed", () -> legacy.embed(bgr, five, aligned)));
          }
        }
        return new Face(
            toOriginal(main.box(), found.pad(), scale),
            main.score(),
            toOriginal(points, found.pad(), scale),
            quality,
            new Liveness(liveScore, true),
            eyeState,
            headPose,
            embedding,
            older);
      }
    }
  }

  /**
   * Decodes and finds faces. When a large photo decoded at reduced scale shows no face, or only
   * faces smaller than the embedding model's 112 px input, it is decoded again at a finer scale
   * (long side at least {@value #DETAIL_LONG_SIDE} px) and searched again, fallbacks included: a
   * small face in a big photo is worth the extra time, and its landmarks, liveness and embedding
   * then see its real detail.
   */
  private Located locate(byte[] image) {
    DecodedImage first = timed("decode", () -> decoder.decode(image));
    FoundFaces found = timed("detect", () -> finder.find(first.bgr()));
    int longSide = Math.max(first.header().width(), first.header().height());
    int finer = first.reduction();
    while (finer > 1 && longSide / finer < DETAIL_LONG_SIDE) {
      finer /= 2;
    }
    if (finer < first.reduction()
        && (found.detections().isEmpty() || largestSide(found) < DETAIL_FACE_SIZE)) {
      found.close();
      int finerScale = finer;
      DecodedImage detailed =
          timed("decode", () -> decoder.decode(image, first.header(), finerScale));
      first.close();
      return new Located(detailed, timed("detect", () -> finder.find(detailed.bgr())));
    }
    return new Located(first, found);
  }

  private static float largestSide(FoundFaces found) {
    float largest = 0;
    for (Detection detection : found.detections()) {
      largest = Math.max(largest, shortSide(detection.box()));
    }
    return largest;
  }

  /** A decoded image and the faces found in it; closing releases both. */
  private record Located(DecodedImage decoded, FoundFaces found) implements AutoCloseable {
    @Override
    public void close() {
      found.close();
      decoded.close();
    }
  }

  private Face faceToVerify(byte[] image) {
    try (Located located = locate(image)) {
      AnalysisResult result = analyzeLocated(located, new AnalyzeOptions(true, 1));
      if (result.faces().isEmpty()) {
        throw new FaceEngineException(ErrorCode.NO_FACE, "no face was found in the image");
      }
      return result.faces().get(0);
    }
  }

  private AnalysisResult analyzeLocated(Located located, AnalyzeOptions options) {
    float scale = located.decoded().reduction();
    FoundFaces found = located.found();
    List<Face> faces = new ArrayList<>();
    List<Detection> ordered = verificationOrder(found.detections());
    for (Detection detection : ordered.subList(0, Math.min(options.maxFaces(), ordered.size()))) {
      faces.add(describe(found, detection, scale, options.withEmbeddings()));
    }
    int width = Math.round((found.view().cols() - 2 * found.pad()) * scale);
    int height = Math.round((found.view().rows() - 2 * found.pad()) * scale);
    return new AnalysisResult(List.copyOf(faces), ordered.size(), width, height, found.rotation());
  }

  private Face describe(FoundFaces found, Detection detection, float scale, boolean withEmbedding) {
    Mat bgr = found.view();
    FaceBox box = detection.box();
    List<Point> points = timed("landmarks", () -> landmarks.detect(bgr, box));
    EyeState eyeState = timed("eyes", () -> eyes.classify(bgr, points));
    HeadPose headPose = timed("pose", () -> pose.estimate(bgr, box));
    float liveScore = timed("liveness", () -> liveness.liveScore(bgr, box));
    float[] embedding = null;
    FaceQuality quality;
    Point[] five = LandmarkDetector.fivePoints(points);
    try (Mat aligned = FaceAligner.align(bgr, five)) {
      float[] measures = QualityMeter.measure(aligned);
      quality = new FaceQuality(shortSide(box) * scale, measures[0], measures[1]);
      if (withEmbedding) {
        embedding = timed("embed", () -> embedder.embed(bgr, five, aligned));
      }
    }
    return new Face(
        toOriginal(box, found.pad(), scale),
        detection.score(),
        toOriginal(points, found.pad(), scale),
        quality,
        new Liveness(liveScore, liveScore >= config.livenessThreshold()),
        eyeState,
        headPose,
        embedding,
        Map.of());
  }

  /**
   * The faces in the order they are offered for verification: the largest confident face (detector
   * score >= {@value #CONFIDENT_SCORE}) first, then the other confident faces, then the rest, each
   * group largest first. A doubtful detection larger than the real face (a blurred background, a
   * poster) then does not take the real face's place.
   */
  static List<Detection> verificationOrder(List<Detection> detections) {
    List<Detection> ordered = new ArrayList<>(detections);
    ordered.sort(
        Comparator.comparingInt((Detection d) -> d.score() >= CONFIDENT_SCORE ? 0 : 1)
            .thenComparing(Comparator.comparingDouble((Detection d) -> d.box().area()).reversed()));
    return ordered;
  }

  /** From view pixels (padded and/or reduced-scale) to pixels of the upright original image. */
  private static FaceBox toOriginal(FaceBox box, int pad, float scale) {
    return new FaceBox(
        (box.x1() - pad) * scale,
        (box.y1() - pad) * scale,
        (box.x2() - pad) * scale,
        (box.y2() - pad) * scale);
  }

  private static List<Point> toOriginal(List<Point> points, int pad, float scale) {
    return points.stream()
        .map(p -> new Point((p.x() - pad) * scale, (p.y() - pad) * scale))
        .toList();
  }

  private boolean eyesOpen(EyeState state) {
    return state.leftOpenScore() >= config.eyeOpenThreshold()
        && state.rightOpenScore() >= config.eyeOpenThreshold();
  }

  private static float shortSide(FaceBox box) {
    return Math.min(box.width(), box.height());
  }

  private static float[] normalized(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float inverse = (float) (1 / Math.sqrt(Math.max(sum, 1e-12)));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inverse;
    }
    return out;
  }

  /**
   * Checks templates: at least one, each of 512 finite values.
   *
   * @throws FaceEngineException {@code invalid_argument}
   */
  public static void checkTemplates(List<float[]> templates) {
    if (templates == null || templates.isEmpty()) {
      throw new FaceEngineException(
          ErrorCode.INVALID_ARGUMENT, "at least one template is required");
    }
    for (float[] template : templates) {
      if (template == null || template.length != FaceEmbedder.DIMENSION) {
        throw new FaceEngineException(
            ErrorCode.INVALID_ARGUMENT,
            "a template must have " + FaceEmbedder.DIMENSION + " values");
      }
      for (float v : template) {
        if (!Float.isFinite(v)) {
          throw new FaceEngineException(
              ErrorCode.INVALID_ARGUMENT, "a template holds a non-finite value");
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      models.close();
    } catch (Exception e) {
      // closing native sessions at shutdown: nothing useful to do with a failure
    }
  }
}
