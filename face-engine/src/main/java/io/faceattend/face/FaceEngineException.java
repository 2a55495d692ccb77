package io.faceattend.face;

/**
 * A refusal by the face engine: a stable {@link #code()} for programs and a message for people. The
 * message never contains image bytes or personal data, so it may be shown to callers as is.
 */
public final class FaceEngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  public FaceEngineException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  public FaceEngineException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /** The stable lower_snake_case code, e.g. {@code no_face}. */
  public String code() {
    return errorCode.code();
  }

  public ErrorCode errorCode() {
    return errorCode;
  }
}
