package io.faceattend.face;

/**
 * Every way the face engine can refuse a request, with the stable lower_snake_case code that
 * callers (gRPC ErrorInfo.reason, CLI JSON, REST) see. The codes are a public contract: add, never
 * rename.
 */
public enum ErrorCode {
  /** The request is malformed (no image, bad template length, unknown option). */
  INVALID_ARGUMENT("invalid_argument", Kind.BAD_INPUT),
  /** The bytes are empty or look like an image but cannot be decoded (truncated, corrupt). */
  IMAGE_UNREADABLE("image_unreadable", Kind.BAD_INPUT),
  /** The bytes are not JPEG, PNG or WebP. */
  UNSUPPORTED_IMAGE_FORMAT("unsupported_image_format", Kind.BAD_INPUT),
  /**
   * The file is larger than the byte limit, or its header declares more pixels than the pixel
   * limit.
   */
  IMAGE_TOO_LARGE("image_too_large", Kind.BAD_INPUT),
  /** No face was found. */
  NO_FACE("no_face", Kind.FACE_REJECTED),
  /** More than one face was found where exactly one is required. */
  MULTIPLE_FACES("multiple_faces", Kind.FACE_REJECTED),
  /** The face is smaller than the minimum face size. */
  FACE_TOO_SMALL("face_too_small", Kind.FACE_REJECTED),
  /** The head is turned too far (yaw, pitch or roll). */
  POSE_OUT_OF_RANGE("pose_out_of_range", Kind.FACE_REJECTED),
  /** One or both eyes are closed. */
  EYES_CLOSED("eyes_closed", Kind.FACE_REJECTED),
  /** The face is too blurred, too dark or too bright. */
  LOW_QUALITY("low_quality", Kind.FACE_REJECTED),
  /** The liveness model judges the face a presentation attack (printed photo, screen replay). */
  LIVENESS_FAILED("liveness_failed", Kind.FACE_REJECTED),
  /**
   * A subject id was given but no templates could be found for it (or no resolver is configured).
   */
  SUBJECT_NOT_FOUND("subject_not_found", Kind.NOT_FOUND),
  /** The engine is busy (too many requests in flight). */
  OVERLOADED("overloaded", Kind.UNAVAILABLE),
  /** A model file is missing from the model directory. */
  MODEL_MISSING("model_missing", Kind.INTERNAL),
  /** A model file's SHA-256 differs from the pinned value. */
  MODEL_TAMPERED("model_tampered", Kind.INTERNAL),
  /** An unexpected failure inside the engine (a bug); details are logged, not returned. */
  INTERNAL("internal", Kind.INTERNAL);

  /** Broad families, used to map onto transport status codes. */
  public enum Kind {
    BAD_INPUT,
    FACE_REJECTED,
    NOT_FOUND,
    UNAVAILABLE,
    INTERNAL
  }

  private final String code;
  private final Kind kind;

  ErrorCode(String code, Kind kind) {
    this.code = code;
    this.kind = kind;
  }

  /** The stable lower_snake_case code. */
  public String code() {
    return code;
  }

  /** The ErrorCode with this lower_snake_case code, or {@link #INTERNAL} for an unknown one. */
  public static ErrorCode fromCode(String code) {
    for (ErrorCode value : values()) {
      if (value.code.equals(code)) {
        return value;
      }
    }
    return INTERNAL;
  }

  public Kind kind() {
    return kind;
  }
}
