package io.faceattend.face.grpc;

import io.faceattend.face.FaceEngine;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The standalone face engine process: FaceEngineService and the standard gRPC health service on one
 * port (plaintext; put it on a private network or behind the gateway). Calls run on a fixed pool
 * sized to the CPU count, so a burst queues instead of oversubscribing the cores.
 */
public final class FaceEngineServer implements AutoCloseable {
  private final Server server;
  private final HealthStatusManager health;
  private final ExecutorService executor;

  public FaceEngineServer(FaceEngine engine, String host, int port, StreamSettings streamSettings) {
    this.health = new HealthStatusManager();
    this.executor =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("face-engine-", 0).daemon().factory());
    int maxMessage =
        (int) Math.min(Integer.MAX_VALUE, engine.config().maxImageBytes() + 1024 * 1024);
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .addService(new FaceEngineGrpcService(engine, TemplateResolver.NONE, streamSettings))
            .addService(health.getHealthService())
            .executor(executor)
            .maxInboundMessageSize(maxMessage)
            // gateways ping idle connections (RemoteFaceEngineClient) to notice a dead engine
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            // a gateway reconnects now and then, and so looks up the engines' name again: engines
            // added behind one DNS name (a Kubernetes headless Service) get their share of calls
            .maxConnectionAge(2, TimeUnit.MINUTES)
            .maxConnectionAgeGrace(1, TimeUnit.MINUTES)
            .build();
  }

  public FaceEngineServer start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(FaceEngineServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
