package io.faceattend.gateway.cli;

import io.faceattend.gateway.Gateway;
import io.faceattend.gateway.GatewayConfig;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faceattend serve}: the whole platform in one process until stopped (Ctrl-C or SIGTERM).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Start the platform: database (embedded unless FACEATTEND_DATABASE_URL is set), services and "
            + "the HTTP gateway (REST, gRPC, gRPC-Web, /docs, /metrics).")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "HTTP port (default: FACEATTEND_HTTP_PORT or 8080)")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = ServerConfig.fromEnvironment();
    GatewayConfig gatewayConfig = GatewayConfig.fromEnvironment();
    int httpPort = port != null ? port : config.httpPort();
    // before the database starts: a second `serve` on a taken port says so instead of failing on
    // the database
    requireFree(httpPort, "HTTP");
    gatewayConfig.managementPort().ifPresent(p -> requireFree(p, "management"));
    FaceAttendPlatform platform = FaceAttendPlatform.start(config);
    Gateway gateway;
    try {
      gateway = Gateway.start(platform, List.of(), httpPort, gatewayConfig);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // stop taking requests first, then the database (the embedded PostgreSQL stops
                  // with it)
                  gateway.close();
                  platform.close();
                  stopped.countDown();
                },
                "faceattend-shutdown"));
    System.out.println(
        "FaceAttend is up: http://localhost:"
            + gateway.port()
            + "  (REST /api/..., gRPC and gRPC-Web on the same port, docs at /docs)");
    stopped.await();
    return 0;
  }

  private static void requireFree(int port, String what) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new CliErrors.CliException(
          "the "
              + what
              + " port "
              + port
              + " is already in use (another `faceattend serve`?); choose one with --port or FACEATTEND_"
              + (what.equals("HTTP") ? "HTTP_PORT" : "MANAGEMENT_PORT"));
    }
  }
}
