package io.faceattend.face.cli;

import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.grpc.FaceEngineServer;
import io.faceattend.face.grpc.StreamSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code face-engine --port P}: the standalone gRPC face engine, until the process is stopped. */
@Command(
    name = "face-engine",
    mixinStandardHelpOptions = true,
    description = "Run the standalone gRPC face engine (FaceEngineService + health) until stopped.")
public final class FaceEngineServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", required = true, description = "TCP port to listen on")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "address to bind (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--required-frames",
      defaultValue = "3",
      description =
          "StreamVerify: consecutive consistent frames for a decision (default ${DEFAULT-VALUE})")
  int requiredFrames;

  private final EngineFactory engines;

  public FaceEngineServerCommand() {
    this(EngineFactory.FROM_ENVIRONMENT);
  }

  public FaceEngineServerCommand(EngineFactory engines) {
    this.engines = engines;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try (FaceEngine engine = engines.create()) {
      StreamSettings settings =
          new StreamSettings(
              requiredFrames,
              Math.max(requiredFrames, StreamSettings.DEFAULT.maxRequiredFrames()),
              Math.max(requiredFrames, StreamSettings.DEFAULT.maxFrames()));
      try (FaceEngineServer server = new FaceEngineServer(engine, host, port, settings).start()) {
        err.println("face engine listening on " + host + ":" + server.port());
        err.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "face-engine-shutdown"));
        server.awaitTermination();
      }
      return 0;
    } catch (FaceEngineException e) {
      return CliOutput.error(spec.commandLine().getOut(), e);
    }
  }
}
