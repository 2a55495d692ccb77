package io.faceattend.face.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.faceattend.face.SharedEngine;
import io.faceattend.face.TestPhotos;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.FaceTemplates;
import io.faceattend.proto.v1.MatchTarget;
import io.faceattend.proto.v1.StreamVerifyDecision;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** StreamVerify over real HTTP/2 (Netty on loopback) with frames made from the shared photos. */
class StreamVerifyTest {
  private static final List<String> ANGELINA =
      List.of(
          "people/angelina_jolie/7.jpg",
          "people/angelina_jolie/9.jpg",
          "people/angelina_jolie/4.jpg",
          "people/angelina_jolie/8.jpg");
  private static final AtomicInteger FRAMES_DELIVERED = new AtomicInteger();

  private static Server server;
  private static ManagedChannel channel;
  private static FaceEngineServiceGrpc.FaceEngineServiceStub stub;

  @BeforeAll
  static void start() throws Exception {
    ServerInterceptor countFrames =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(call, headers)) {
              @Override
              public void onMessage(Q message) {
                FRAMES_DELIVERED.incrementAndGet();
                super.onMessage(message);
              }
            };
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(
                    new FaceEngineGrpcService(SharedEngine.get()), countFrames))
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .usePlaintext()
            .flowControlWindow(16 * 1024)
            .build();
    stub = FaceEngineServiceGrpc.newStub(channel);
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void matchingLiveFramesGiveVerifiedAfterThree() throws Exception {
    List<StreamVerifyResponse> answers = run(target("people/angelina_jolie/2.jpg"), ANGELINA);
    StreamVerifyResponse last = answers.get(answers.size() - 1);
    assertThat(last.getDecision()).isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_VERIFIED);
    assertThat(last.getFrameIndex())
        .isEqualTo(2); // decided on the third frame, the fourth is never read
    assertThat(answers).allSatisfy(a -> assertThat(a.getMatch()).isTrue());
    assertThat(answers.get(0).getConsistentFrames()).isEqualTo(1);
    assertThat(answers.get(0).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_UNSPECIFIED);
  }

  @Test
  void otherPersonNeverMatches() throws Exception {
    List<StreamVerifyResponse> answers = run(target("people/elon_musk/2.jpg"), ANGELINA);
    assertThat(answers).hasSize(ANGELINA.size() + 1);
    assertThat(answers.subList(0, ANGELINA.size()))
        .allSatisfy(
            a -> {
              assertThat(a.getMatch()).isFalse();
              assertThat(a.getConsistent()).isFalse();
            });
    assertThat(answers.get(ANGELINA.size()).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED);
  }

  @Test
  void spoofFramesAreNeverConsistent() throws Exception {
    List<String> spoofs =
        List.of(
            "spoof/silentface_image_F1_print.jpg",
            "spoof/silentface_image_F2_screen.jpg",
            "spoof/inspireface_rgb_fake.jpg",
            "spoof/hyperfas_fake_screen.png");
    List<StreamVerifyResponse> answers = run(null, spoofs);
    assertThat(answers.subList(0, spoofs.size()))
        .allSatisfy(
            a -> {
              assertThat(a.getFace().getLive()).isFalse();
              assertThat(a.getConsistent()).isFalse();
            });
    assertThat(answers.get(spoofs.size()).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED);
  }

  @Test
  void detectionOnlyStreamConfirmsALiveFace() throws Exception {
    List<StreamVerifyResponse> answers = run(null, ANGELINA);
    assertThat(answers.get(answers.size() - 1).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_LIVE_FACE);
  }

  @Test
  void badFrameIsReportedAndResetsTheCount() throws Exception {
    List<StreamVerifyResponse> answers =
        run(
            target("people/angelina_jolie/2.jpg"),
            List.of(ANGELINA.get(0), "invalid/truncated.jpg", ANGELINA.get(1)));
    assertThat(answers.get(1).getError().getCode()).isEqualTo("image_unreadable");
    assertThat(answers.get(1).getConsistentFrames()).isZero();
    assertThat(answers.get(2).getConsistentFrames()).isEqualTo(1);
  }

  @Test
  void unknownSubjectEndsTheCallWithNotFound() throws Exception {
    CompletableFuture<Status> status = new CompletableFuture<>();
    var requests =
        stub.streamVerify(
            new StreamObserver<StreamVerifyResponse>() {
              @Override
              public void onNext(StreamVerifyResponse value) {}

              @Override
              public void onError(Throwable t) {
                status.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                status.complete(Status.OK);
              }
            });
    requests.onNext(
        StreamVerifyRequest.newBuilder()
            .setTarget(MatchTarget.newBuilder().setSubjectId("someone"))
            .setImage(frame(ANGELINA.get(0)))
            .build());
    Status result = status.get(30, TimeUnit.SECONDS);
    assertThat(result.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    requests.onCompleted();
  }

  /**
   * A client that sends 80 frames as fast as it can and reads no answers: the server must stop
   * taking frames once its unread answers fill the (small) window, instead of buffering every
   * frame; when the client then reads, every frame is answered.
   */
  @Test
  void slowConsumerHoldsTheServerBack() throws Exception {
    int frames = 80;
    List<StreamVerifyResponse> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger before = new AtomicInteger(FRAMES_DELIVERED.get());
    AtomicReference<ClientCallStreamObserver<StreamVerifyRequest>> call = new AtomicReference<>();
    stub.streamVerify(
        new ClientResponseObserver<StreamVerifyRequest, StreamVerifyResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<StreamVerifyRequest> requestStream) {
            call.set(requestStream);
            requestStream.disableAutoRequestWithInitial(0); // read nothing for now
          }

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
    ByteString spoof = frame("spoof/nuaa_0001_imposter_b.jpg"); // small frame, never consistent
    for (int i = 0; i < frames; i++) {
      call.get().onNext(StreamVerifyRequest.newBuilder().setImage(spoof).build());
    }
    call.get().onCompleted();
    Thread.sleep(
        4000); // far longer than the server needs for 80 small frames when nothing holds it back
    int taken = FRAMES_DELIVERED.get() - before.get();
    // bounded by the client's 16 KiB window plus the server's 8 KiB send threshold: about 30 small
    // answers
    assertThat(taken).as("frames taken while the client read nothing").isBetween(1, frames / 2);
    assertThat(answers).isEmpty();

    call.get().request(Integer.MAX_VALUE);
    done.get(120, TimeUnit.SECONDS);
    assertThat(answers).hasSize(frames + 1);
    assertThat(answers.get(frames).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED);
  }

  private static MatchTarget target(String path) {
    float[] embedding = SharedEngine.get().embed(TestPhotos.bytes(path)).embedding();
    return MatchTarget.newBuilder()
        .setTemplates(FaceTemplates.newBuilder().addTemplates(ProtoMapper.toTemplate(embedding)))
        .build();
  }

  private static ByteString frame(String path) {
    return ByteString.copyFrom(TestPhotos.bytes(path));
  }

  /** Sends the frames (target on the first), half-closes, and collects every answer. */
  private static List<StreamVerifyResponse> run(MatchTarget target, List<String> frames)
      throws Exception {
    List<StreamVerifyResponse> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    var requests =
        stub.streamVerify(
            new StreamObserver<StreamVerifyResponse>() {
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
    for (int i = 0; i < frames.size(); i++) {
      StreamVerifyRequest.Builder request =
          StreamVerifyRequest.newBuilder().setImage(frame(frames.get(i)));
      if (i == 0 && target != null) {
        request.setTarget(target);
      }
      requests.onNext(request.build());
    }
    requests.onCompleted();
    done.get(120, TimeUnit.SECONDS);
    return answers;
  }
}
