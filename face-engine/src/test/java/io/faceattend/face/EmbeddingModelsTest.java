package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.faceattend.face.client.InProcessFaceEngineClient;
import io.faceattend.face.grpc.TemplateResolver;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model upgrade on real photos: an engine keeps an older embedding model loaded and embeds a
 * probe with it exactly as an engine whose current model it is would; the two models' embeddings of
 * one face differ, so they must never be compared with each other.
 */
class EmbeddingModelsTest {

  /**
   * The same pinned weights with another declared preprocessing (B,G,R planes, a crop with more
   * context): a stand-in for an older model, whose embeddings live in another space.
   */
  static final EmbeddingModel OLD =
      EmbeddingModel.parse("faceplugin-fr-feature-bgr@test;channels=bgr;crop=0.6");

  private static FaceEngine oldEngine;
  private static FaceEngine upgraded;

  @BeforeAll
  static void start() {
    oldEngine = new FaceEngine(FaceEngineConfig.defaults().withEmbeddingModels(OLD, List.of()));
    upgraded =
        new FaceEngine(
            FaceEngineConfig.defaults().withEmbeddingModels(EmbeddingModel.SHIPPED, List.of(OLD)));
  }

  @AfterAll
  static void stop() {
    oldEngine.close();
    upgraded.close();
  }

  @Test
  void anOlderModelEmbedsAsItDidWhenItWasCurrent() {
    byte[] photo = TestPhotos.bytes("people/angelina_jolie/2.jpg");
    Face before = oldEngine.acceptFace(photo);
    Face after = upgraded.acceptFace(photo, List.of(OLD.id(), "unknown-model@1"));
    assertThat(upgraded.embeddingModel()).isEqualTo(EmbeddingModel.SHIPPED);
    assertThat(upgraded.olderModels()).containsExactly(OLD.id());
    // the model not loaded is left out; the current model is the face's own embedding
    assertThat(after.olderEmbeddings()).containsOnlyKeys(OLD.id());
    assertThat(after.olderEmbeddings().get(OLD.id())).containsExactly(before.embedding());
    // the same face, two models: unrelated vectors (measured 0.116), far below any threshold
    assertThat(upgraded.similarity(after.embedding(), before.embedding()))
        .isLessThan(FaceEngineConfig.DEFAULT_VERIFY_THRESHOLD / 2);
    // while each model on its own recognises another photo of her (measured 0.86 and 0.84)
    byte[] other = TestPhotos.bytes("people/angelina_jolie/5.jpg");
    Face otherNow = upgraded.acceptFace(other, List.of(OLD.id()));
    assertThat(upgraded.similarity(otherNow.olderEmbeddings().get(OLD.id()), before.embedding()))
        .isGreaterThan(FaceEngineConfig.DEFAULT_IDENTIFY_THRESHOLD);
    assertThat(upgraded.similarity(otherNow.embedding(), after.embedding()))
        .isGreaterThan(FaceEngineConfig.DEFAULT_IDENTIFY_THRESHOLD);
  }

  @Test
  void theEngineNamesItsModelOverGrpcMessages() {
    try (var client = new InProcessFaceEngineClient(upgraded, TemplateResolver.NONE)) {
      EmbedResponse response =
          client.embed(
              EmbedRequest.newBuilder()
                  .setImage(ByteString.copyFrom(TestPhotos.bytes("people/angelina_jolie/2.jpg")))
                  .setEnforceGates(true)
                  .addOlderModels(OLD.id())
                  .build());
      assertThat(response.getEmbeddingModel()).isEqualTo(EmbeddingModel.SHIPPED.id());
      assertThat(response.getOlderEmbeddingsList()).hasSize(1);
      assertThat(response.getOlderEmbeddings(0).getModel()).isEqualTo(OLD.id());
      assertThat(response.getOlderEmbeddings(0).getEmbeddingCount()).isEqualTo(512);
    }
  }
}
