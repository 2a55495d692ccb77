package io.faceattend.gateway.cli;

import io.faceattend.gateway.Gateway;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.config.ServerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faceattend serve}: the whole platform in one process until stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the platform: database (embedded unless FACEATTEND_DATABASE_URL is set), services and "
        + "the HTTP gateway (REST, gRPC, gRPC-Web, /docs, /metrics).")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "HTTP port (default: FACEATTEND_HTTP_PORT or 8080)")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = ServerConfig.fromEnvironment();
    FaceAttendPlatform platform = FaceAttendPlatform.start(config);
    Gateway gateway;
    try {
      gateway = Gateway.start(platform, port != null ? port : config.httpPort());
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // stop taking requests first, then the database (the embedded PostgreSQL stops with it)
      gateway.close();
      platform.close();
      stopped.countDown();
    }, "faceattend-shutdown"));
    System.out.println("FaceAttend is up: http://localhost:" + gateway.port()
        + "  (REST /api/..., gRPC and gRPC-Web on the same port, docs at /docs)");
    stopped.await();
    return 0;
  }
}
