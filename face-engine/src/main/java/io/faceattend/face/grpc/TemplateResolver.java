package io.faceattend.face.grpc;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngineException;
import java.util.List;

/**
 * Looks up the enrolled templates (512-d embeddings) of a subject, for requests that name a subject
 * instead of sending templates. The server implements it from its database; the standalone engine
 * uses {@link #NONE}.
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
}
