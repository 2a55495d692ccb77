package io.faceattend.bench;

import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.FaceBox;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.Point;
import io.faceattend.face.image.DecodedImage;
import io.faceattend.face.image.ImageDecoder;
import io.faceattend.face.model.ModelSet;
import io.faceattend.face.model.ModelStore;
import io.faceattend.face.pipeline.Detection;
import io.faceattend.face.pipeline.EyeStateClassifier;
import io.faceattend.face.pipeline.FaceAligner;
import io.faceattend.face.pipeline.FaceDetector;
import io.faceattend.face.pipeline.FaceEmbedder;
import io.faceattend.face.pipeline.HeadPoseEstimator;
import io.faceattend.face.pipeline.LandmarkDetector;
import io.faceattend.face.pipeline.LivenessDetector;
import io.faceattend.face.pipeline.QualityMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Each stage of the face engine and the whole check-in pipeline (bytes in, verdict and embedding
 * out) on a real 1280 x 799 portrait from the shared photos, with ONNX Runtime on 1 and 2 intra-op
 * threads. Sample mode, so the report has the median (p0.50). See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
public class FaceEngineBenchmark extends FaceEngineBenchmarkSettings {
  /** A real portrait about 1280 px wide (1280 x 799, one face of about 280 px). */
  static final String PHOTO = "people/rose_leslie/1.jpg";

  /** A 12.6-megapixel photo (4352 x 2903), decoded at half scale. */
  static final String LARGE_PHOTO = "people/scarlett_johansson/5.jpg";

  @Param({"1", "2"})
  int intraOpThreads;

  private FaceEngine engine;
  private ModelSet models;
  private ImageDecoder decoder;
  private FaceDetector detector;
  private LandmarkDetector landmarks;
  private FaceEmbedder embedder;
  private LivenessDetector liveness;
  private EyeStateClassifier eyes;
  private HeadPoseEstimator pose;

  private byte[] photo;
  private byte[] largePhoto;
  private DecodedImage decoded;
  private FaceBox box;
  private List<Point> points;
  private Mat aligned;
  private List<float[]> templates;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    FaceEngineConfig config = FaceEngineConfig.defaults().withIntraOpThreads(intraOpThreads);
    engine = new FaceEngine(config);
    models = ModelSet.load(ModelStore.defaultModelDir(), intraOpThreads);
    decoder =
        new ImageDecoder(config.maxImageBytes(), config.maxImagePixels(), config.decodeLongSide());
    detector = new FaceDetector(models.detect, config.detectionThreshold(), config.nmsThreshold());
    landmarks = new LandmarkDetector(models.landmark);
    embedder = new FaceEmbedder(models.feature);
    liveness = new LivenessDetector(models.liveness);
    eyes = new EyeStateClassifier(models.eye);
    pose = new HeadPoseEstimator(models.pose);

    Path faces = Paths.get(System.getProperty("faceattend.shared.dir", "../shared"), "faces");
    photo = Files.readAllBytes(faces.resolve(PHOTO));
    largePhoto = Files.readAllBytes(faces.resolve(LARGE_PHOTO));
    decoded = decoder.decode(photo);
    List<Detection> found = detector.detect(decoded.bgr());
    box = found.get(0).box();
    points = landmarks.detect(decoded.bgr(), box);
    aligned = FaceAligner.align(decoded.bgr(), LandmarkDetector.fivePoints(points));
    templates =
        List.of(
            engine
                .embed(Files.readAllBytes(faces.resolve("people/rose_leslie/2.jpg")))
                .embedding());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    aligned.close();
    decoded.close();
    models.close();
    engine.close();
  }

  @Benchmark
  public int stage1Decode() {
    try (DecodedImage image = decoder.decode(photo)) {
      return image.width();
    }
  }

  @Benchmark
  public List<Detection> stage2Detect() {
    return detector.detect(decoded.bgr());
  }

  @Benchmark
  public List<Point> stage3Landmarks() {
    return landmarks.detect(decoded.bgr(), box);
  }

  @Benchmark
  public int stage4Align() {
    try (Mat face = FaceAligner.align(decoded.bgr(), LandmarkDetector.fivePoints(points))) {
      return face.cols();
    }
  }

  @Benchmark
  public float[] stage5Embed() {
    return embedder.embed(aligned);
  }

  @Benchmark
  public float stage6Liveness() {
    return liveness.liveScore(decoded.bgr(), box);
  }

  @Benchmark
  public Object stage7Eyes() {
    return eyes.classify(decoded.bgr(), points);
  }

  @Benchmark
  public Object stage8Pose() {
    return pose.estimate(decoded.bgr(), box);
  }

  @Benchmark
  public float[] stage9Quality() {
    return QualityMeter.measure(aligned);
  }

  /** Enrolment/check-in: bytes in, all gates, embedding out. */
  @Benchmark
  public float[] checkIn() {
    return engine.acceptFace(photo).embedding();
  }

  /** Verify (largest face, no gates) against an enrolled template of the same person. */
  @Benchmark
  public boolean verify() {
    return engine.verify(photo, templates).match();
  }

  /** Full analysis without embedding (what `face analyze` does). */
  @Benchmark
  public int analyze() {
    return engine.analyze(photo, AnalyzeOptions.DEFAULT).faces().size();
  }

  /** Two check-ins at once on the 2 cores (throughput of a busy kiosk server = 2 / this time). */
  @Benchmark
  @Threads(2)
  public float[] checkInTwoConcurrent() {
    return engine.acceptFace(photo).embedding();
  }

  /** Check-in on a 12.6-megapixel photo: shows the reduced-scale decoding. */
  @Benchmark
  public float[] checkInLargePhoto() {
    return engine.acceptFace(largePhoto).embedding();
  }
}
