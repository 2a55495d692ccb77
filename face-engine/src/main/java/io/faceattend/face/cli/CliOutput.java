package io.faceattend.face.cli;

import io.faceattend.face.ErrorCode;
import io.faceattend.face.Face;
import io.faceattend.face.FaceEngineException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CLI's JSON shapes (documented in docs/face-engine.md) and exit codes. */
final class CliOutput {
  /** The image was refused (bad image, no face, ...): error JSON on stdout. */
  static final int EXIT_REFUSED = 1;

  /**
   * The engine could not run (models missing or tampered, internal error): error JSON on stdout.
   */
  static final int EXIT_ENGINE_FAILURE = 3;

  private CliOutput() {}

  /** A face as the analyze command prints it; with its L2-normalised embedding when it has one. */
  static Map<String, Object> face(Face face) {
    Map<String, Object> box = new LinkedHashMap<>();
    box.put("x1", face.box().x1());
    box.put("y1", face.box().y1());
    box.put("x2", face.box().x2());
    box.put("y2", face.box().y2());
    Map<String, Object> liveness = new LinkedHashMap<>();
    liveness.put("score", face.liveness().score());
    liveness.put("live", face.liveness().live());
    Map<String, Object> pose = new LinkedHashMap<>();
    pose.put("yaw", face.pose().yaw());
    pose.put("pitch", face.pose().pitch());
    pose.put("roll", face.pose().roll());
    Map<String, Object> quality = new LinkedHashMap<>();
    quality.put("face_size", face.quality().faceSize());
    quality.put("sharpness", face.quality().sharpness());
    quality.put("brightness", face.quality().brightness());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("box", box);
    out.put("score", face.score());
    out.put("liveness", liveness);
    out.put("eyes_open", face.eyesOpen());
    out.put("pose", pose);
    out.put("quality", quality);
    if (face.embedding() != null) {
      List<Object> embedding = new ArrayList<>(face.embedding().length);
      for (float v : face.embedding()) {
        embedding.add(v);
      }
      out.put("embedding", embedding);
    }
    return out;
  }

  /** {"code": ..., "message": ...} of a refusal. */
  static Map<String, Object> errorBody(FaceEngineException e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code());
    error.put("message", e.getMessage());
    return error;
  }

  /** Prints {"error": {"code": ..., "message": ...}} and returns the exit code for it. */
  static int error(PrintWriter out, FaceEngineException e) {
    out.println(Json.write(Map.of("error", errorBody(e))));
    out.flush();
    return e.errorCode().kind() == ErrorCode.Kind.INTERNAL ? EXIT_ENGINE_FAILURE : EXIT_REFUSED;
  }
}
