package io.faceattend.face.client;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.grpc.GrpcErrors;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.AnalyzeResponse;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.CheckLivenessResponse;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.faceattend.proto.v1.VerifyRequest;
import io.faceattend.proto.v1.VerifyResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls standalone face engines ({@code faceattend face-engine --port P}) over plaintext gRPC,
 * spreading calls over a fixed list of {@code host:port} addresses. All of it is grpc-java's own
 * machinery, configured in {@link #serviceConfig}: {@code round_robin} over the engines that are
 * READY; client-side health checking (each engine's standard gRPC health service, watched on a
 * stream) takes out an engine reporting NOT_SERVING or whose connection is lost, and puts it back
 * when it reports SERVING again; a call cut by a dying engine (UNAVAILABLE, before any answer
 * arrived) is retried once, on another engine (every FaceEngineService call is pure, so a retry
 * cannot do anything twice). Refusals come back as {@link FaceEngineException} with the engine's
 * code; unreachable or busy engines as {@code overloaded}.
 */
public final class RemoteFaceEngineClient implements FaceEngineClient {
  private final ManagedChannel channel;
  private final FaceEngineServiceGrpc.FaceEngineServiceBlockingStub stub;
  private final FaceEngineServiceGrpc.FaceEngineServiceStub asyncStub;
  private final Duration deadline;
  private final ScheduledExecutorService reconnects;

  /**
   * How often a lost engine is dialled again at the latest: gRPC's reconnect backoff grows to two
   * minutes, too slow to bring back an engine that restarted; resetting it is cheap.
   */
  private static final Duration RECONNECT_EVERY = Duration.ofSeconds(2);

  /**
   * @param addresses one or more {@code host:port}
   * @param deadline time limit of each call
   * @param maxMessageBytes largest response accepted (Analyze answers with embeddings can be large)
   */
  @SuppressWarnings(
      "deprecation") // nameResolverFactory: the simple way to give a channel a fixed address list
  public RemoteFaceEngineClient(List<String> addresses, Duration deadline, int maxMessageBytes) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one face engine address is required");
    }
    this.channel =
        NettyChannelBuilder.forTarget(StaticAddressResolverFactory.SCHEME + ":///face-engine")
            .nameResolverFactory(new StaticAddressResolverFactory(parse(addresses)))
            .defaultServiceConfig(serviceConfig())
            .enableRetry()
            // a retry resends the request from a buffer: large enough for the largest photo
            .perRpcBufferLimit(maxMessageBytes)
            .retryBufferSize(4L * maxMessageBytes)
            // an engine host gone silent (no RST) is noticed within seconds, not at the deadline
            .keepAliveTime(20, TimeUnit.SECONDS)
            .keepAliveTimeout(5, TimeUnit.SECONDS)
            .usePlaintext()
            .maxInboundMessageSize(maxMessageBytes)
            .build();
    this.stub = FaceEngineServiceGrpc.newBlockingStub(channel);
    this.asyncStub = FaceEngineServiceGrpc.newStub(channel);
    this.deadline = deadline;
    this.reconnects =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("face-engine-reconnect").daemon().factory());
    reconnects.scheduleWithFixedDelay(
        channel::resetConnectBackoff,
        RECONNECT_EVERY.toMillis(),
        RECONNECT_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public RemoteFaceEngineClient(List<String> addresses) {
    this(addresses, Duration.ofSeconds(30), 64 * 1024 * 1024);
  }

  /**
   * round_robin over the healthy engines (grpc-services' health-checking round_robin, enabled by
   * {@code healthCheckConfig}); every FaceEngineService call is pure, so one cut by an engine that
   * is going away (UNAVAILABLE) is tried once more, and round_robin gives the retry another engine.
   */
  static Map<String, Object> serviceConfig() {
    Map<String, Object> retryPolicy =
        Map.of(
            "maxAttempts",
            2.0,
            "initialBackoff",
            "0.05s",
            "maxBackoff",
            "1s",
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE"));
    Map<String, Object> methodConfig =
        Map.of(
            "name",
            List.of(Map.of("service", FaceEngineServiceGrpc.SERVICE_NAME)),
            "retryPolicy",
            retryPolicy);
    return Map.of(
        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        "healthCheckConfig", Map.of("serviceName", FaceEngineServiceGrpc.SERVICE_NAME),
        "methodConfig", List.of(methodConfig));
  }

  static List<InetSocketAddress> parse(List<String> addresses) {
    List<InetSocketAddress> parsed = new ArrayList<>();
    for (String address : addresses) {
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new IllegalArgumentException("face engine address must be host:port, got " + address);
      }
      String host = address.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      parsed.add(
          InetSocketAddress.createUnresolved(host, Integer.parseInt(address.substring(colon + 1))));
    }
    return parsed;
  }

  private FaceEngineServiceGrpc.FaceEngineServiceBlockingStub stub() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public AnalyzeResponse analyze(AnalyzeRequest request) {
    return call(() -> stub().analyze(request));
  }

  @Override
  public EmbedResponse embed(EmbedRequest request) {
    return call(() -> stub().embed(request));
  }

  @Override
  public VerifyResponse verify(VerifyRequest request) {
    return call(() -> stub().verify(request));
  }

  @Override
  public CheckLivenessResponse checkLiveness(CheckLivenessRequest request) {
    return call(() -> stub().checkLiveness(request));
  }

  @Override
  public StreamObserver<StreamVerifyRequest> streamVerify(
      StreamObserver<StreamVerifyResponse> responses) {
    return asyncStub.streamVerify(responses);
  }

  /** Runs a call, turning its failure into a FaceEngineException with the engine's code. */
  private static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      String reason = GrpcErrors.reasonOf(e);
      String message =
          e.getStatus().getDescription() == null
              ? e.getStatus().getCode().name()
              : e.getStatus().getDescription();
      if (reason != null) {
        throw new FaceEngineException(ErrorCode.fromCode(reason), message, e);
      }
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE
          || code == Status.Code.DEADLINE_EXCEEDED
          || code == Status.Code.RESOURCE_EXHAUSTED) {
        throw new FaceEngineException(
            ErrorCode.OVERLOADED, "face engine unavailable: " + message, e);
      }
      throw new FaceEngineException(ErrorCode.INTERNAL, "face engine call failed: " + message, e);
    }
  }

  @Override
  public void close() {
    reconnects.shutdownNow();
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
