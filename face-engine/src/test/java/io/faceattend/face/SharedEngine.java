package io.faceattend.face;

/** One engine for the whole test JVM: the models are verified and loaded once. */
public final class SharedEngine {
  private static FaceEngine engine;

  private SharedEngine() {}

  public static synchronized FaceEngine get() {
    if (engine == null) {
      engine = new FaceEngine(FaceEngineConfig.defaults());
      Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
    }
    return engine;
  }
}
