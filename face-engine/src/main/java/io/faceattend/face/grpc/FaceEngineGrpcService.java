package io.faceattend.face.grpc;

import io.faceattend.face.FaceEngine;
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
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The faceattend.v1.FaceEngineService on a {@link FaceEngine}. Bind it in any gRPC server (the
 * standalone engine's, or the main server's next to the other services). Errors carry ErrorInfo
 * (see {@link GrpcErrors}).
 */
public final class FaceEngineGrpcService extends FaceEngineServiceGrpc.FaceEngineServiceImplBase {
  private final FaceEngine engine;
  private final TemplateResolver resolver;
  private final StreamSettings streamSettings;
  private final FaceEngineRequests requests;

  public FaceEngineGrpcService(
      FaceEngine engine, TemplateResolver resolver, StreamSettings streamSettings) {
    this.engine = engine;
    this.resolver = resolver;
    this.streamSettings = streamSettings;
    this.requests = new FaceEngineRequests(engine, resolver);
  }

  /** The standalone engine's service: no subject store, default stream settings. */
  public FaceEngineGrpcService(FaceEngine engine) {
    this(engine, TemplateResolver.NONE, StreamSettings.DEFAULT);
  }

  @Override
  public void analyze(AnalyzeRequest request, StreamObserver<AnalyzeResponse> responses) {
    respond(responses, () -> requests.analyze(request));
  }

  @Override
  public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
    respond(responses, () -> requests.embed(request));
  }

  @Override
  public void verify(VerifyRequest request, StreamObserver<VerifyResponse> responses) {
    respond(responses, () -> requests.verify(request));
  }

  @Override
  public void checkLiveness(
      CheckLivenessRequest request, StreamObserver<CheckLivenessResponse> responses) {
    respond(responses, () -> requests.checkLiveness(request));
  }

  @Override
  public StreamObserver<StreamVerifyRequest> streamVerify(
      StreamObserver<StreamVerifyResponse> responses) {
    StreamVerifyCall call = new StreamVerifyCall(engine, resolver, streamSettings, responses);
    call.start();
    return call;
  }

  private static <T> void respond(StreamObserver<T> responses, Supplier<T> work) {
    T response;
    try {
      response = work.get();
    } catch (RuntimeException e) {
      responses.onError(GrpcErrors.toStatus(e));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}
