package io.faceattend.face.grpc;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.util.List;
import java.util.Optional;

/**
 * The host's enrolled people: the templates (512-d embeddings) of a subject, for requests that name
 * a subject instead of sending templates, and who a face is, for streams that identify. The server
 * implements it from its database and identification index; the standalone engine uses {@link
 * #NONE}.
 */
@FunctionalInterface
public interface TemplateResolver {
  /** A resolver that knows no subject: every lookup fails with {@code subject_not_found}. */
  TemplateResolver NONE =
      subjectId -> {
        throw new FaceEngineException(
            ErrorCode.SUBJECT_NOT_FOUND,
            "this face engine has no subject store; send templates instead of a subject id");
      };

  /**
   * The subject's templates, never empty.
   *
   * @throws FaceEngineException {@code subject_not_found} when the subject is unknown or has no
   *     templates
   */
  List<float[]> templatesOf(String subjectId);

  /** A face identified as a subject, with the similarity that decided it. */
  record Identified(String subjectId, float similarity) {}

  /**
   * Who this face is among the enrolled people, by the host's open-set rule; empty for nobody
   * enrolled.
   *
   * @throws FaceEngineException {@code subject_not_found} when the host has no people (the
   *     standalone engine)
   */
  default Optional<Identified> identify(float[] embedding) {
    throw new FaceEngineException(
        ErrorCode.SUBJECT_NOT_FOUND,
        "this face engine has no enrolled people to identify against; name a subject or send"
            + " templates");
  }
}
