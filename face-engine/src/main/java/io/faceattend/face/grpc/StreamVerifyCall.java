package io.faceattend.face.grpc;

import io.faceattend.face.AnalysisResult;
import io.faceattend.face.AnalyzeOptions;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.VerifyResult;
import io.faceattend.proto.v1.FrameError;
import io.faceattend.proto.v1.MatchTarget;
import io.faceattend.proto.v1.StreamVerifyDecision;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * State of one StreamVerify call. Flow control: the call asks gRPC for one frame at a time and asks
 * for the next only after the answer to the previous one was accepted by the outbound buffer
 * (isReady); a client that sends fast or reads slowly therefore leaves at most one frame in this
 * server's memory and is held back by HTTP/2 flow control.
 */
final class StreamVerifyCall implements StreamObserver<StreamVerifyRequest> {
  /** The two largest faces: enough to tell "exactly one face of usable size" (largest first). */
  private static final AnalyzeOptions FRAME_OPTIONS = new AnalyzeOptions(true, 2);

  private static final int ON_READY_THRESHOLD_BYTES = 8 * 1024;

  private final FaceEngine engine;
  private final TemplateResolver resolver;
  private final StreamSettings settings;
  private final ServerCallStreamObserver<StreamVerifyResponse> out;

  private int frameIndex;
  private boolean started;
  private boolean finished;
  private boolean waitingForReady;
  private List<float[]> templates;
  private boolean identify;
  private String previousSubject;
  private int requiredFrames;
  private int consistentFrames;
  private float[] previousEmbedding;

  StreamVerifyCall(
      FaceEngine engine,
      TemplateResolver resolver,
      StreamSettings settings,
      StreamObserver<StreamVerifyResponse> responses) {
    this.engine = engine;
    this.resolver = resolver;
    this.settings = settings;
    this.out = (ServerCallStreamObserver<StreamVerifyResponse>) responses;
    out.disableAutoRequest();
    // consider the client slow once ~8 KiB of answers wait unsent (a few answers), not gRPC's
    // default 32 KiB
    out.setOnReadyThreshold(ON_READY_THRESHOLD_BYTES);
    out.setOnReadyHandler(this::onReady);
    out.setOnCancelHandler(() -> finished = true);
  }

  /** Asks for the first frame. */
  void start() {
    out.request(1);
  }

  private void onReady() {
    if (waitingForReady && !finished && out.isReady()) {
      waitingForReady = false;
      out.request(1);
    }
  }

  @Override
  public void onNext(StreamVerifyRequest request) {
    if (finished) {
      return;
    }
    if (!started) {
      started = true;
      try {
        configure(request);
      } catch (RuntimeException e) {
        finished = true;
        out.onError(GrpcErrors.toStatus(e));
        return;
      }
    }
    StreamVerifyResponse response = answer(request.getImage().toByteArray());
    out.onNext(response);
    if (response.getDecision() != StreamVerifyDecision.STREAM_VERIFY_DECISION_UNSPECIFIED) {
      finished = true;
      out.onCompleted();
      return;
    }
    if (out.isReady()) {
      out.request(1);
    } else {
      waitingForReady = true; // onReady asks for the next frame once the client has read
    }
  }

  private void configure(StreamVerifyRequest first) {
    int asked = first.getRequiredFrames();
    requiredFrames =
        asked == 0 ? settings.requiredFrames() : Math.min(asked, settings.maxRequiredFrames());
    if (first.hasTarget() && first.getTarget().getKindCase() == MatchTarget.KindCase.IDENTIFY) {
      if (!first.getTarget().getIdentify()) {
        throw new FaceEngineException(
            ErrorCode.INVALID_ARGUMENT, "identify must be true when it is the target");
      }
      identify = true;
    } else if (first.hasTarget()) {
      templates = resolve(first.getTarget(), resolver);
      FaceEngine.checkTemplates(templates);
    }
  }

  static List<float[]> resolve(MatchTarget target, TemplateResolver resolver) {
    return switch (target.getKindCase()) {
      case SUBJECT_ID -> resolver.templatesOf(target.getSubjectId());
      case TEMPLATES -> ProtoMapper.fromProto(target.getTemplates().getTemplatesList());
      case IDENTIFY ->
          throw new FaceEngineException(
              ErrorCode.INVALID_ARGUMENT, "this call compares with one person: name a subject");
      case KIND_NOT_SET ->
          throw new FaceEngineException(
              ErrorCode.INVALID_ARGUMENT, "the target names neither a subject nor templates");
    };
  }

  private StreamVerifyResponse answer(byte[] image) {
    StreamVerifyResponse.Builder response =
        StreamVerifyResponse.newBuilder()
            .setFrameIndex(frameIndex++)
            .setRequiredFrames(requiredFrames);
    boolean consistent = false;
    try {
      AnalysisResult result = engine.analyze(image, FRAME_OPTIONS);
      List<Face> faces = result.faces();
      long countable =
          faces.stream()
              .filter(f -> f.quality().faceSize() >= engine.config().minFaceSize())
              .count();
      response.setFaceCount(result.facesFound());
      if (!faces.isEmpty()) {
        Face face = faces.get(0);
        response.setFace(ProtoMapper.toProto(face, false));
        boolean matches = true;
        String subject = null;
        if (templates != null) {
          VerifyResult verdict = engine.compare(face, templates);
          response.setSimilarity(verdict.similarity()).setMatch(verdict.match());
          matches = verdict.match();
        }
        boolean usable = countable == 1 && face.liveness().live() && face.eyesOpen();
        if (identify && usable) {
          // 1:N only for a frame that could count: a spoof or a crowd is not searched
          var identified = resolver.identify(face.embedding());
          matches = identified.isPresent();
          if (identified.isPresent()) {
            subject = identified.get().subjectId();
            response
                .setIdentifiedSubjectId(subject)
                .setSimilarity(identified.get().similarity())
                .setMatch(true);
          }
        }
        boolean good = usable && matches;
        if (good) {
          boolean samePerson =
              identify
                  ? previousSubject == null || previousSubject.equals(subject)
                  : previousEmbedding == null
                      || engine.isMatch(engine.similarity(previousEmbedding, face.embedding()));
          consistentFrames = samePerson ? consistentFrames + 1 : 1;
          previousEmbedding = face.embedding();
          previousSubject = subject;
          consistent = true;
        }
      } else {
        response.setError(
            FrameError.newBuilder().setCode("no_face").setMessage("no face in this frame"));
      }
    } catch (FaceEngineException e) {
      response.setError(FrameError.newBuilder().setCode(e.code()).setMessage(e.getMessage()));
    }
    if (!consistent) {
      consistentFrames = 0;
      previousEmbedding = null;
      previousSubject = null;
    }
    response.setConsistent(consistent).setConsistentFrames(consistentFrames);
    if (consistentFrames >= requiredFrames) {
      response.setDecision(
          identify
              ? StreamVerifyDecision.STREAM_VERIFY_DECISION_IDENTIFIED
              : templates != null
                  ? StreamVerifyDecision.STREAM_VERIFY_DECISION_VERIFIED
                  : StreamVerifyDecision.STREAM_VERIFY_DECISION_LIVE_FACE);
    } else if (frameIndex >= settings.maxFrames()) {
      response.setDecision(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED);
    }
    return response.build();
  }

  @Override
  public void onError(Throwable t) {
    finished = true;
  }

  @Override
  public void onCompleted() {
    if (finished) {
      return;
    }
    finished = true;
    out.onNext(
        StreamVerifyResponse.newBuilder()
            .setFrameIndex(frameIndex)
            .setRequiredFrames(requiredFrames == 0 ? settings.requiredFrames() : requiredFrames)
            .setConsistentFrames(consistentFrames)
            .setDecision(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED)
            .build());
    out.onCompleted();
  }
}
