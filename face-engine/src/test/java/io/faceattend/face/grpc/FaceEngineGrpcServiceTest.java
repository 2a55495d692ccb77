package io.faceattend.face.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.faceattend.face.SharedEngine;
import io.faceattend.face.TestPhotos;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.AnalyzeResponse;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.FaceTemplate;
import io.faceattend.proto.v1.FaceTemplates;
import io.faceattend.proto.v1.MatchTarget;
import io.faceattend.proto.v1.VerifyRequest;
import io.faceattend.proto.v1.VerifyResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unary RPCs over a real (in-process) gRPC channel. */
class FaceEngineGrpcServiceTest {
  private static Server server;
  private static ManagedChannel channel;
  private static FaceEngineServiceGrpc.FaceEngineServiceBlockingStub stub;

  @BeforeAll
  static void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new FaceEngineGrpcService(SharedEngine.get()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = FaceEngineServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  static ByteString photo(String path) {
    return ByteString.copyFrom(TestPhotos.bytes(path));
  }

  @Test
  void analyzeReturnsEveryFaceWithLandmarks() {
    AnalyzeResponse response =
        stub.analyze(
            AnalyzeRequest.newBuilder().setImage(photo("groups/compreface_016_8.jpg")).build());
    assertThat(response.getFacesCount()).isEqualTo(8);
    assertThat(response.getFaces(0).getLandmarksCount()).isEqualTo(68);
    assertThat(response.getFaces(0).getEmbeddingCount()).isZero();
    assertThat(response.getImageWidth()).isEqualTo(800);
  }

  @Test
  void embedThenVerifySamePersonAndOther() {
    var template =
        stub.embed(EmbedRequest.newBuilder().setImage(photo("people/barack_obama/1.jpg")).build())
            .getFace();
    assertThat(template.getEmbeddingCount()).isEqualTo(512);
    MatchTarget target =
        MatchTarget.newBuilder()
            .setTemplates(
                FaceTemplates.newBuilder()
                    .addTemplates(
                        FaceTemplate.newBuilder().addAllEmbedding(template.getEmbeddingList())))
            .build();
    VerifyResponse same =
        stub.verify(
            VerifyRequest.newBuilder()
                .setImage(photo("people/barack_obama/4.jpg"))
                .setTarget(target)
                .build());
    VerifyResponse other =
        stub.verify(
            VerifyRequest.newBuilder()
                .setImage(photo("people/joe_biden/1.jpg"))
                .setTarget(target)
                .build());
    assertThat(same.getMatch()).isTrue();
    assertThat(other.getMatch()).isFalse();
    assertThat(same.getSimilarity()).isGreaterThan(other.getSimilarity());
  }

  @Test
  void embedWithGatesRefusesASpoof() {
    assertRefused(
        () ->
            stub.embed(
                EmbedRequest.newBuilder()
                    .setEnforceGates(true)
                    .setImage(photo("spoof/silentface_image_F2_screen.jpg"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "liveness_failed");
  }

  @Test
  void checkLivenessFlagsAScreenReplay() {
    var response =
        stub.checkLiveness(
            CheckLivenessRequest.newBuilder()
                .setImage(photo("spoof/hyperfas_fake_screen.png"))
                .build());
    assertThat(response.getLive()).isFalse();
    assertThat(response.getThreshold()).isEqualTo(0.5f);
  }

  @Test
  void badImageIsInvalidArgumentWithReason() {
    assertRefused(
        () ->
            stub.analyze(
                AnalyzeRequest.newBuilder().setImage(photo("invalid/truncated.jpg")).build()),
        Status.Code.INVALID_ARGUMENT,
        "image_unreadable");
    assertRefused(
        () ->
            stub.analyze(AnalyzeRequest.newBuilder().setImage(photo("invalid/empty.png")).build()),
        Status.Code.INVALID_ARGUMENT,
        "unsupported_image_format");
  }

  @Test
  void noFaceIsInvalidArgumentWithReason() {
    assertRefused(
        () ->
            stub.embed(
                EmbedRequest.newBuilder().setImage(photo("no_face/inspireface_view.jpg")).build()),
        Status.Code.INVALID_ARGUMENT,
        "no_face");
  }

  @Test
  void subjectLookupWithoutStoreIsNotFound() {
    assertRefused(
        () ->
            stub.verify(
                VerifyRequest.newBuilder()
                    .setImage(photo("people/barack_obama/1.jpg"))
                    .setTarget(MatchTarget.newBuilder().setSubjectId("42"))
                    .build()),
        Status.Code.NOT_FOUND,
        "subject_not_found");
  }

  @Test
  void wrongTemplateLengthIsInvalidArgument() {
    MatchTarget target =
        MatchTarget.newBuilder()
            .setTemplates(
                FaceTemplates.newBuilder().addTemplates(FaceTemplate.newBuilder().addEmbedding(1f)))
            .build();
    assertRefused(
        () ->
            stub.verify(
                VerifyRequest.newBuilder()
                    .setImage(photo("people/barack_obama/1.jpg"))
                    .setTarget(target)
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "invalid_argument");
  }

  static void assertRefused(Runnable call, Status.Code code, String reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(GrpcErrors.reasonOf(e)).isEqualTo(reason);
              assertThat(e.getStatus().getDescription())
                  .doesNotContain("Exception")
                  .doesNotContain("\tat ");
            });
  }
}
