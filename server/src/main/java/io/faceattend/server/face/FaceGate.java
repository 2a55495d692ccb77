package io.faceattend.server.face;

import com.google.protobuf.UnsafeByteOperations;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.client.FaceEngineClient;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import io.faceattend.proto.v1.FaceAnalysis;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.util.List;

/**
 * What enrolment and punches ask of the face engine (in this process or remote): "is there exactly one live,
 * usable face, and what is its template?" and "does it match these templates?". Engine refusals become
 * {@link ApiException}s with the engine's code (no_face, multiple_faces, eyes_closed, liveness_failed...).
 */
public final class FaceGate {

  /** The accepted face: its template and the scores worth reporting. */
  public record AcceptedFace(float[] embedding, double faceSize, double sharpness, double brightness,
      double livenessScore) {}

  /** Best similarity over a person's templates, and whether it reaches the match threshold. */
  public record Match(double similarity, boolean matched) {}

  private final FaceEngineClient engine;
  private final double matchThreshold;

  public FaceGate(FaceEngineClient engine, double matchThreshold) {
    this.engine = engine;
    this.matchThreshold = matchThreshold;
  }

  /** Runs every gate (one face, size, pose, eyes, quality, liveness) and returns the face's template. */
  public AcceptedFace accept(byte[] image) {
    EmbedResponse response;
    try {
      response = engine.embed(EmbedRequest.newBuilder()
          .setImage(UnsafeByteOperations.unsafeWrap(image)) // read-only use: no copy of the photo
          .setEnforceGates(true)
          .build());
    } catch (FaceEngineException e) {
      throw toApi(e);
    }
    FaceAnalysis face = response.getFace();
    float[] embedding = new float[face.getEmbeddingCount()];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = face.getEmbedding(i);
    }
    return new AcceptedFace(embedding, face.getQuality().getFaceSize(), face.getQuality().getSharpness(),
        face.getQuality().getBrightness(), face.getLivenessScore());
  }

  /** Every face in the image (largest first, at most {@code maxFaces}) with its template and liveness. */
  public List<FaceAnalysis> analyzeAll(byte[] image, int maxFaces) {
    try {
      return engine.analyze(io.faceattend.proto.v1.AnalyzeRequest.newBuilder()
          .setImage(UnsafeByteOperations.unsafeWrap(image))
          .setWithEmbeddings(true)
          .setMaxFaces(maxFaces)
          .build()).getFacesList();
    } catch (FaceEngineException e) {
      throw toApi(e);
    }
  }

  /** Compares a probe template with a person's templates (cosine similarity of L2-normalised vectors). */
  public Match match(float[] probe, List<float[]> templates) {
    double best = -1;
    for (float[] template : templates) {
      best = Math.max(best, cosine(probe, template));
    }
    return new Match(best, best >= matchThreshold);
  }

  public double matchThreshold() {
    return matchThreshold;
  }

  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      return -1;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? -1 : dot / Math.sqrt(na * nb);
  }

  private static ApiException toApi(FaceEngineException e) {
    ErrorCode code = switch (e.errorCode().kind()) {
      case BAD_INPUT, FACE_REJECTED -> ErrorCode.byCode(e.code()).orElse(ErrorCode.UNPROCESSABLE_IMAGE);
      case NOT_FOUND -> ErrorCode.NOT_FOUND;
      case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
      case INTERNAL -> ErrorCode.INTERNAL;
    };
    String message = code == ErrorCode.INTERNAL ? "Face analysis failed" : e.getMessage();
    return new ApiException(code, message);
  }
}
