package io.faceattend.server.face;

import com.google.protobuf.UnsafeByteOperations;
import io.faceattend.face.EmbeddingModel;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.client.FaceEngineClient;
import io.faceattend.face.pipeline.FaceEmbedder;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import io.faceattend.proto.v1.FaceAnalysis;
import io.faceattend.proto.v1.ModelEmbedding;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What enrolment and punches ask of the face engine (in this process or remote): "is there exactly
 * one live, usable face, and what is its template?" and "does it match these templates?". Engine
 * refusals become {@link ApiException}s with the engine's code (no_face, multiple_faces,
 * eyes_closed, liveness_failed...).
 *
 * @param admission the bounded queue every engine call passes (beyond it: {@code overloaded})
 */
public record FaceGate(FaceEngineClient engine, double matchThreshold, FaceAdmission admission) {

  /**
   * The accepted face: its template (made by the engine's current embedding {@code model}), the
   * same face embedded by older models when asked for (by model id), and the scores worth
   * reporting.
   */
  public record AcceptedFace(
      float[] embedding,
      double faceSize,
      double sharpness,
      double brightness,
      double livenessScore,
      String model,
      Map<String, float[]> olderEmbeddings) {}

  /** Best similarity over a person's templates, and whether it reaches the match threshold. */
  public record Match(double similarity, boolean matched) {}

  /** Without a practical bound (tests that do not exercise backpressure). */
  public FaceGate(FaceEngineClient engine, double matchThreshold) {
    this(engine, matchThreshold, new FaceAdmission(Integer.MAX_VALUE / 2, 0));
  }

  /**
   * Runs every gate (one face, size, pose, eyes, quality, liveness) and returns the face's
   * template.
   */
  public AcceptedFace accept(byte[] image) {
    return accept(image, List.of());
  }

  /**
   * {@link #accept(byte[])}, the face also embedded by those of {@code olderModels} the engine has
   * loaded (to compare with templates those models made).
   */
  public AcceptedFace accept(byte[] image, Collection<String> olderModels) {
    EmbedResponse response;
    try {
      EmbedRequest request =
          EmbedRequest.newBuilder()
              .setImage(UnsafeByteOperations.unsafeWrap(image)) // read-only use: no copy
              .setEnforceGates(true)
              .addAllOlderModels(olderModels)
              .build();
      response = admission.run(() -> engine.embed(request));
    } catch (FaceEngineException e) {
      throw toApi(e);
    }
    FaceAnalysis face = response.getFace();
    float[] embedding = floats(face.getEmbeddingList());
    Map<String, float[]> older = new LinkedHashMap<>();
    for (ModelEmbedding other : response.getOlderEmbeddingsList()) {
      older.put(other.getModel(), floats(other.getEmbeddingList()));
    }
    return new AcceptedFace(
        embedding,
        face.getQuality().getFaceSize(),
        face.getQuality().getSharpness(),
        face.getQuality().getBrightness(),
        face.getLivenessScore(),
        // an engine from before model ids (no embedding_model) can only run the shipped model
        response.getEmbeddingModel().isEmpty()
            ? EmbeddingModel.SHIPPED.id()
            : response.getEmbeddingModel(),
        Map.copyOf(older));
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /**
   * Every face in the image (largest first, at most {@code maxFaces}) with its template and
   * liveness.
   */
  public List<FaceAnalysis> analyzeAll(byte[] image, int maxFaces) {
    var request =
        AnalyzeRequest.newBuilder()
            .setImage(UnsafeByteOperations.unsafeWrap(image))
            .setWithEmbeddings(true)
            .setMaxFaces(maxFaces)
            .build();
    try {
      return admission.run(() -> engine.analyze(request)).getFacesList();
    } catch (FaceEngineException e) {
      throw toApi(e);
    }
  }

  /**
   * Whether the image's largest face is live, judged by the liveness model alone: for a punch
   * refused by another gate (two faces, eyes closed...), so that its {@code liveness} answer is the
   * model's, not a guess. False when there is no face to judge.
   */
  public boolean isLive(byte[] image) {
    var request =
        CheckLivenessRequest.newBuilder().setImage(UnsafeByteOperations.unsafeWrap(image)).build();
    try {
      return admission.run(() -> engine.checkLiveness(request)).getLive();
    } catch (FaceEngineException e) {
      return false;
    }
  }

  /**
   * Compares a probe template with a person's templates: the face engine's cosine similarity (both
   * are the engine's L2-normalised embeddings); a template of another length (another model) never
   * matches.
   */
  public Match match(float[] probe, List<float[]> templates) {
    double best = -1;
    for (float[] template : templates) {
      if (template.length == probe.length) {
        best = Math.max(best, FaceEmbedder.cosine(probe, template));
      }
    }
    return new Match(best, best >= matchThreshold);
  }

  public double matchThreshold() {
    return matchThreshold;
  }

  private static ApiException toApi(FaceEngineException e) {
    ErrorCode code =
        switch (e.errorCode().kind()) {
          case BAD_INPUT, FACE_REJECTED ->
              ErrorCode.forFace(e.errorCode()).orElse(ErrorCode.UNPROCESSABLE_IMAGE);
          case NOT_FOUND -> ErrorCode.NOT_FOUND;
          case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
          case INTERNAL -> ErrorCode.INTERNAL;
        };
    String message = code == ErrorCode.INTERNAL ? "Face analysis failed" : e.getMessage();
    return new ApiException(code, message);
  }
}
