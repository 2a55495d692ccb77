package io.faceattend.bench;

import io.faceattend.face.model.ModelSet;
import io.faceattend.face.model.ModelStore;
import io.faceattend.face.model.OnnxModel;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The six models alone on random input (fp32, ALL_OPT), as the issue measured them: the floor that
 * the pipeline's own work (decoding, crops, tensors, decisions) is compared against.
 */
@State(Scope.Benchmark)
public class ModelOnlyBenchmark extends FaceEngineBenchmarkSettings {
  @Param({"1", "2"})
  int intraOpThreads;

  private ModelSet models;

  @Setup(Level.Trial)
  public void setUp() {
    models = ModelSet.load(ModelStore.defaultModelDir(), intraOpThreads);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    models.close();
  }

  /**
   * Fills this thread's input buffers with random values (JMH runs setup on the benchmark thread).
   */
  @Setup(Level.Iteration)
  public void fillInputs() {
    Random random = new Random(42);
    for (OnnxModel model :
        new OnnxModel[] {
          models.detect, models.landmark, models.feature, models.liveness, models.eye, models.pose
        }) {
      FloatBuffer input = model.inputBuffer();
      for (int i = 0; i < model.inputLength(); i++) {
        input.put(random.nextFloat() * 2 - 1);
      }
    }
  }

  private static Map<String, float[]> runRandom(OnnxModel model) {
    return model.run();
  }

  @Benchmark
  public Object frDetect() {
    return runRandom(models.detect);
  }

  @Benchmark
  public Object frLandmark() {
    return runRandom(models.landmark);
  }

  @Benchmark
  public Object frFeature() {
    return runRandom(models.feature);
  }

  @Benchmark
  public Object frLiveness() {
    return runRandom(models.liveness);
  }

  @Benchmark
  public Object frEye() {
    return runRandom(models.eye);
  }

  @Benchmark
  public Object frPose() {
    return runRandom(models.pose);
  }
}
