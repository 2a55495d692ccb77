package io.faceattend.face.grpc;

import io.faceattend.face.AnalysisResult;
import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.VerifyResult;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.AnalyzeResponse;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.CheckLivenessResponse;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import io.faceattend.proto.v1.ModelEmbedding;
import io.faceattend.proto.v1.VerifyRequest;
import io.faceattend.proto.v1.VerifyResponse;
import java.util.List;

/**
 * The unary FaceEngineService operations as plain calls, message in, message out, refusals as
 * {@link FaceEngineException}. Shared by the gRPC service and the in-process client so both behave
 * the same.
 */
public final class FaceEngineRequests {
  private final FaceEngine engine;
  private final TemplateResolver resolver;

  public FaceEngineRequests(FaceEngine engine, TemplateResolver resolver) {
    this.engine = engine;
    this.resolver = resolver;
  }

  public FaceEngine engine() {
    return engine;
  }

  public AnalyzeResponse analyze(AnalyzeRequest request) {
    int maxFaces =
        request.getMaxFaces() == 0 ? AnalyzeOptions.DEFAULT.maxFaces() : request.getMaxFaces();
    AnalysisResult result =
        engine.analyze(
            request.getImage().toByteArray(),
            new AnalyzeOptions(request.getWithEmbeddings(), maxFaces));
    AnalyzeResponse.Builder response =
        AnalyzeResponse.newBuilder()
            .setImageWidth(result.imageWidth())
            .setImageHeight(result.imageHeight())
            .setRotation(result.rotation())
            .setEmbeddingModel(engine.embeddingModel().id());
    for (Face face : result.faces()) {
      response.addFaces(ProtoMapper.toProto(face, request.getWithEmbeddings()));
    }
    return response.build();
  }

  public EmbedResponse embed(EmbedRequest request) {
    byte[] image = request.getImage().toByteArray();
    Face face =
        request.getEnforceGates()
            ? engine.acceptFace(image, request.getOlderModelsList())
            : engine.embed(image);
    EmbedResponse.Builder response =
        EmbedResponse.newBuilder()
            .setFace(ProtoMapper.toProto(face, true))
            .setEmbeddingModel(engine.embeddingModel().id());
    face.olderEmbeddings()
        .forEach(
            (model, embedding) -> {
              ModelEmbedding.Builder older = ModelEmbedding.newBuilder().setModel(model);
              for (float v : embedding) {
                older.addEmbedding(v);
              }
              response.addOlderEmbeddings(older);
            });
    return response.build();
  }

  public VerifyResponse verify(VerifyRequest request) {
    if (!request.hasTarget()) {
      throw new FaceEngineException(
          ErrorCode.INVALID_ARGUMENT, "a target (subject id or templates) is required");
    }
    List<float[]> templates = StreamVerifyCall.resolve(request.getTarget(), resolver);
    VerifyResult result = engine.verify(request.getImage().toByteArray(), templates);
    return VerifyResponse.newBuilder()
        .setSimilarity(result.similarity())
        .setMatch(result.match())
        .setThreshold(engine.config().verifyThreshold())
        .setFace(ProtoMapper.toProto(result.face(), false))
        .build();
  }

  public CheckLivenessResponse checkLiveness(CheckLivenessRequest request) {
    AnalysisResult result =
        engine.analyze(request.getImage().toByteArray(), new AnalyzeOptions(false, 1));
    if (result.faces().isEmpty()) {
      throw new FaceEngineException(ErrorCode.NO_FACE, "no face was found in the image");
    }
    Face face = result.faces().get(0);
    return CheckLivenessResponse.newBuilder()
        .setScore(face.liveness().score())
        .setLive(face.liveness().live())
        .setThreshold(engine.config().livenessThreshold())
        .setFace(ProtoMapper.toProto(face, false))
        .build();
  }
}
