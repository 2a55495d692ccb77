package io.faceattend.server.cameras;

import io.faceattend.server.config.ServerConfig;
import java.time.Duration;
import java.util.Map;

/**
 * How this node reads cameras; every variable is in docs/operations.md.
 *
 * @param ingest FACEATTEND_CAMERAS_ENABLED: run a worker per enabled camera on this node (true);
 *     with several nodes, enable it on one
 * @param offlineAfter FACEATTEND_CAMERA_OFFLINE_AFTER: a camera without a frame for this long is
 *     offline (PT10S)
 * @param readTimeout FACEATTEND_CAMERA_READ_TIMEOUT: network timeout of a stream read (PT5S)
 * @param reconnectMax FACEATTEND_CAMERA_RECONNECT_MAX: the longest wait between reconnection
 *     attempts, which start at 1 s and double (PT30S)
 * @param repeatAfter FACEATTEND_CAMERA_REPEAT_AFTER: the same person at the same camera is logged
 *     again only after this (PT5M)
 * @param queueFrames FACEATTEND_CAMERA_QUEUE: sampled frames waiting for analysis per camera; when
 *     full the oldest is dropped (2)
 * @param maxFaces FACEATTEND_CAMERA_MAX_FACES: faces analysed per frame, largest first (5)
 */
public record CameraSettings(
    boolean ingest,
    Duration offlineAfter,
    Duration readTimeout,
    Duration reconnectMax,
    Duration repeatAfter,
    int queueFrames,
    int maxFaces) {

  public static final CameraSettings DEFAULT =
      new CameraSettings(
          true,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(5),
          2,
          5);

  public static CameraSettings from(Map<String, String> env) {
    return new CameraSettings(
        ServerConfig.bool(env, "FACEATTEND_CAMERAS_ENABLED", DEFAULT.ingest),
        ServerConfig.duration(env, "FACEATTEND_CAMERA_OFFLINE_AFTER", DEFAULT.offlineAfter),
        ServerConfig.duration(env, "FACEATTEND_CAMERA_READ_TIMEOUT", DEFAULT.readTimeout),
        ServerConfig.duration(env, "FACEATTEND_CAMERA_RECONNECT_MAX", DEFAULT.reconnectMax),
        ServerConfig.duration(env, "FACEATTEND_CAMERA_REPEAT_AFTER", DEFAULT.repeatAfter),
        ServerConfig.integer(env, "FACEATTEND_CAMERA_QUEUE", DEFAULT.queueFrames, 1, 100),
        ServerConfig.integer(env, "FACEATTEND_CAMERA_MAX_FACES", DEFAULT.maxFaces, 1, 20));
  }
}
