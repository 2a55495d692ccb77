package io.faceattend.face.client;

import io.faceattend.face.FaceEngine;
import io.faceattend.face.grpc.FaceEngineGrpcService;
import io.faceattend.face.grpc.FaceEngineRequests;
import io.faceattend.face.grpc.StreamSettings;
import io.faceattend.face.grpc.TemplateResolver;
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
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Direct calls on a {@link FaceEngine} in this process. StreamVerify, which needs gRPC's flow
 * control, goes through an in-process gRPC channel to the same engine. Does not close the engine
 * (its owner does).
 */
public final class InProcessFaceEngineClient implements FaceEngineClient {
  private final FaceEngineRequests requests;
  private final Server streamServer;
  private final ManagedChannel streamChannel;
  private final FaceEngineServiceGrpc.FaceEngineServiceStub streamStub;

  public InProcessFaceEngineClient(
      FaceEngine engine, TemplateResolver resolver, StreamSettings streamSettings) {
    this.requests = new FaceEngineRequests(engine, resolver);
    String name = "face-engine-" + UUID.randomUUID();
    try {
      this.streamServer =
          InProcessServerBuilder.forName(name)
              .addService(new FaceEngineGrpcService(engine, resolver, streamSettings))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the in-process stream server", e);
    }
    this.streamChannel = InProcessChannelBuilder.forName(name).build();
    this.streamStub = FaceEngineServiceGrpc.newStub(streamChannel);
  }

  public InProcessFaceEngineClient(FaceEngine engine, TemplateResolver resolver) {
    this(engine, resolver, StreamSettings.DEFAULT);
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
  public StreamObserver<StreamVerifyRequest> streamVerify(
      StreamObserver<StreamVerifyResponse> responses) {
    return streamStub.streamVerify(responses);
  }

  @Override
  public void close() {
    streamChannel.shutdownNow();
    streamServer.shutdownNow();
  }
}
