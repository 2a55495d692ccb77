package io.faceattend.face.client;

import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.AnalyzeResponse;
import io.faceattend.proto.v1.CheckLivenessRequest;
import io.faceattend.proto.v1.CheckLivenessResponse;
import io.faceattend.proto.v1.EmbedRequest;
import io.faceattend.proto.v1.EmbedResponse;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.faceattend.proto.v1.VerifyRequest;
import io.faceattend.proto.v1.VerifyResponse;
import io.grpc.stub.StreamObserver;

/**
 * How the server reaches the face engine: in the same process ({@link InProcessFaceEngineClient})
 * or over the network, balanced across engine processes ({@link RemoteFaceEngineClient}). Both
 * throw {@link io.faceattend.face.FaceEngineException} with the engine's error code on a refusal,
 * so callers handle both the same way.
 */
public interface FaceEngineClient extends AutoCloseable {
  AnalyzeResponse analyze(AnalyzeRequest request);

  /**
   * The largest face's embedding; with {@code enforce_gates} the enrolment/check-in gates apply
   * first.
   */
  EmbedResponse embed(EmbedRequest request);

  VerifyResponse verify(VerifyRequest request);

  CheckLivenessResponse checkLiveness(CheckLivenessRequest request);

  /**
   * Opens a StreamVerify call (see face_engine.proto): send frames on the returned observer,
   * answers arrive on {@code responses}; a refusal of the whole call arrives as a gRPC status on
   * {@code responses.onError}. The call uses gRPC flow control end to end, so forwarding a kiosk's
   * stream keeps its back-pressure.
   */
  StreamObserver<StreamVerifyRequest> streamVerify(StreamObserver<StreamVerifyResponse> responses);

  @Override
  void close();
}
