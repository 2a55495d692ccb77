package io.faceattend.face.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ONNX Runtime session with a single float input of fixed shape. The session is built once and
 * shared by all threads (OrtSession.run is thread-safe); each thread fills its own reusable direct
 * input buffer, so a request allocates no large buffers for the input.
 */
public final class OnnxModel implements AutoCloseable {
  private final String name;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String inputName;
  private final long[] inputShape;
  private final int inputLength;
  private final ThreadLocal<FloatBuffer> inputBuffers;

  OnnxModel(
      String name,
      OrtEnvironment environment,
      byte[] modelBytes,
      OrtSession.SessionOptions options,
      long[] inputShape)
      throws OrtException {
    this.name = name;
    this.environment = environment;
    this.session = environment.createSession(modelBytes, options);
    this.inputName = session.getInputNames().iterator().next();
    this.inputShape = inputShape.clone();
    this.inputLength = (int) Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    this.inputBuffers =
        ThreadLocal.withInitial(
            () ->
                ByteBuffer.allocateDirect(inputLength * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer());
  }

  public String name() {
    return name;
  }

  /**
   * This thread's input buffer, cleared; fill it with exactly {@link #inputLength()} floats in NCHW
   * order.
   */
  public FloatBuffer inputBuffer() {
    FloatBuffer buffer = inputBuffers.get();
    buffer.clear();
    return buffer;
  }

  public int inputLength() {
    return inputLength;
  }

  /**
   * Runs the model on this thread's input buffer; returns every output flattened, by output name.
   */
  public Map<String, float[]> run() {
    FloatBuffer input = inputBuffers.get();
    input.rewind();
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, inputShape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      Map<String, float[]> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> output : result) {
        OnnxTensor value = (OnnxTensor) output.getValue();
        FloatBuffer data = value.getFloatBuffer();
        float[] copy = new float[data.remaining()];
        data.get(copy);
        outputs.put(output.getKey(), copy);
      }
      return outputs;
    } catch (OrtException e) {
      throw new FaceEngineException(ErrorCode.INTERNAL, "model " + name + " failed", e);
    }
  }

  /** The first output of {@link #run()}. */
  public float[] runSingle() {
    return run().values().iterator().next();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
