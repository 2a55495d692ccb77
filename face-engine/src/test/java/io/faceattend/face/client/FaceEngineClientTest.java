package io.faceattend.face.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.SharedEngine;
import io.faceattend.face.TestPhotos;
import io.faceattend.face.grpc.FaceEngineGrpcService;
import io.faceattend.face.grpc.TemplateResolver;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.StreamVerifyDecision;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The server-side clients: in-process and remote with round-robin over several engine processes.
 */
class FaceEngineClientTest {
  private static final AnalyzeRequest ANALYZE =
      AnalyzeRequest.newBuilder()
          .setImage(ByteString.copyFrom(TestPhotos.bytes("people/rob_lowe/2.jpg")))
          .build();

  @Test
  void inProcessClientAnswersAndRefusesWithCodes() {
    try (FaceEngineClient client =
        new InProcessFaceEngineClient(SharedEngine.get(), TemplateResolver.NONE)) {
      assertThat(client.analyze(ANALYZE).getFacesCount()).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  client.embed(
                      EmbedRequest.newBuilder()
                          .setImage(ByteString.copyFrom(TestPhotos.bytes("invalid/corrupted.png")))
                          .build()))
          .isInstanceOfSatisfying(
              FaceEngineException.class, e -> assertThat(e.code()).isEqualTo("image_unreadable"));
    }
  }

  @Test
  void inProcessClientStreamsVerify() throws Exception {
    try (FaceEngineClient client =
        new InProcessFaceEngineClient(SharedEngine.get(), TemplateResolver.NONE)) {
      List<StreamVerifyResponse> answers = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      var frames =
          client.streamVerify(
              new StreamObserver<>() {
                @Override
                public void onNext(StreamVerifyResponse value) {
                  answers.add(value);
                }

                @Override
                public void onError(Throwable t) {
                  done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                  done.complete(null);
                }
              });
      for (String photo :
          List.of(
              "people/angelina_jolie/7.jpg",
              "people/angelina_jolie/9.jpg",
              "people/angelina_jolie/4.jpg")) {
        frames.onNext(
            StreamVerifyRequest.newBuilder()
                .setImage(ByteString.copyFrom(TestPhotos.bytes(photo)))
                .build());
      }
      frames.onCompleted();
      done.get(60, TimeUnit.SECONDS);
      assertThat(answers.get(answers.size() - 1).getDecision())
          .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_LIVE_FACE);
    }
  }

  @Test
  void remoteClientBalancesAcrossEnginesAndKeepsErrorCodes() throws Exception {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    Server a = engineServer(first);
    Server b = engineServer(second);
    try (FaceEngineClient client =
        new RemoteFaceEngineClient(
            List.of("127.0.0.1:" + a.getPort(), "localhost:" + b.getPort()))) {
      for (int i = 0; i < 6; i++) {
        assertThat(client.analyze(ANALYZE).getFacesCount()).isEqualTo(1);
      }
      assertThat(first.get()).as("calls on engine A").isPositive();
      assertThat(second.get()).as("calls on engine B").isPositive();
      assertThat(first.get() + second.get()).isEqualTo(6);

      assertThatThrownBy(
              () ->
                  client.embed(
                      EmbedRequest.newBuilder()
                          .setImage(
                              ByteString.copyFrom(TestPhotos.bytes("no_face/inspireface_view.jpg")))
                          .build()))
          .isInstanceOfSatisfying(
              FaceEngineException.class, e -> assertThat(e.code()).isEqualTo("no_face"));

      a.shutdownNow().awaitTermination();
      assertThat(client.analyze(ANALYZE).getFacesCount())
          .as("the other engine still answers")
          .isEqualTo(1);
    } finally {
      a.shutdownNow();
      b.shutdownNow();
    }
  }

  @Test
  void remoteClientTakesOutAnEngineNotServingOrDyingAndPutsItBack() throws Exception {
    AtomicInteger onA = new AtomicInteger();
    AtomicInteger onB = new AtomicInteger();
    HealthStatusManager healthA = new HealthStatusManager();
    AtomicReference<CuttableProxy> dieOnNextCall = new AtomicReference<>();
    Server a = engineServer(onA, healthA, dieOnNextCall);
    Server b = engineServer(onB, new HealthStatusManager(), new AtomicReference<>());
    CuttableProxy proxyA = new CuttableProxy(a.getPort());
    try (FaceEngineClient client =
        new RemoteFaceEngineClient(
            List.of("127.0.0.1:" + proxyA.port(), "127.0.0.1:" + b.getPort()))) {
      awaitCallOn(client, onA, "both engines serve");

      // engine A's health service says NOT_SERVING: no call goes to it
      healthA.setStatus(FaceEngineServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
      Thread.sleep(500);
      int beforeA = onA.get();
      for (int i = 0; i < 6; i++) {
        assertThat(client.analyze(ANALYZE).getFacesCount()).isEqualTo(1);
      }
      assertThat(onA.get()).as("calls on engine A while NOT_SERVING").isEqualTo(beforeA);

      healthA.setStatus(FaceEngineServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
      awaitCallOn(client, onA, "engine A back after SERVING");

      // engine A dies (connection reset, port closed) while a call is on it: that call is retried
      // on engine B and answers; the caller never sees the death
      dieOnNextCall.set(proxyA);
      for (int i = 0; i < 6; i++) {
        assertThat(client.analyze(ANALYZE).getFacesCount()).isEqualTo(1);
      }
      assertThat(dieOnNextCall.get()).as("a call reached engine A and was cut").isNull();
      beforeA = onA.get();
      for (int i = 0; i < 6; i++) {
        assertThat(client.analyze(ANALYZE).getFacesCount()).isEqualTo(1);
      }
      assertThat(onA.get()).as("calls on the dead engine A").isEqualTo(beforeA);

      // engine A returns on the same port: it gets calls again without any action
      proxyA.restore();
      awaitCallOn(client, onA, "engine A back after its restart");
    } finally {
      proxyA.close();
      a.shutdownNow();
      b.shutdownNow();
    }
  }

  /** Calls until one reaches the engine counted by {@code calls}, for at most 15 s. */
  private static void awaitCallOn(FaceEngineClient client, AtomicInteger calls, String what)
      throws InterruptedException {
    int before = calls.get();
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
    while (calls.get() == before && System.nanoTime() < until) {
      assertThat(client.analyze(ANALYZE).getFacesCount()).isEqualTo(1);
      Thread.sleep(100);
    }
    assertThat(calls.get()).as(what).isGreaterThan(before);
  }

  private static Server engineServer(AtomicInteger calls) throws Exception {
    return engineServer(calls, new HealthStatusManager(), new AtomicReference<>());
  }

  /**
   * An engine server with its health service; a proxy put in {@code dieOnNextCall} is cut by the
   * next call that arrives, before it is answered.
   */
  private static Server engineServer(
      AtomicInteger calls, HealthStatusManager health, AtomicReference<CuttableProxy> dieOnNextCall)
      throws Exception {
    ServerInterceptor counter =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            calls.incrementAndGet();
            CuttableProxy dying = dieOnNextCall.getAndSet(null);
            if (dying != null) {
              try {
                dying.cut();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return new ServerCall.Listener<>() {};
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {};
          }
        };
    health.setStatus(FaceEngineServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(
            ServerInterceptors.intercept(new FaceEngineGrpcService(SharedEngine.get()), counter))
        .addService(health.getHealthService())
        .build()
        .start();
  }
}
