package io.faceattend.face.client;

import io.faceattend.face.FaceEngine;
import io.faceattend.face.grpc.FaceEngineRequests;
import io.faceattend.face.grpc.TemplateResolver;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.AnalyzeResponse;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.CheckLivenessResponse;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import io.faceattend.proto.v1.VerifyRequest;
import io.faceattend.proto.v1.VerifyResponse;

/** Direct calls on a {@link FaceEngine} in this process. Does not close the engine (its owner does). */
public final class InProcessFaceEngineClient implements FaceEngineClient {
    private final FaceEngineRequests requests;

    public InProcessFaceEngineClient(FaceEngine engine, TemplateResolver resolver) {
        this.requests = new FaceEngineRequests(engine, resolver);
    }

    @Override
    public AnalyzeResponse analyze(AnalyzeRequest request) {
        return requests.analyze(request);
    }

    @Override
    public EmbedResponse embed(EmbedRequest request) {
        return requests.embed(request);
    }

    @Override
    public VerifyResponse verify(VerifyRequest request) {
        return requests.verify(request);
    }

    @Override
    public CheckLivenessResponse checkLiveness(CheckLivenessRequest request) {
        return requests.checkLiveness(request);
    }

    @Override
    public void close() {
    }
}
