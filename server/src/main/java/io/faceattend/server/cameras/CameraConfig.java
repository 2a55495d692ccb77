package io.faceattend.server.cameras;

import org.jspecify.annotations.Nullable;

/**
 * An enabled camera as its worker needs it: the password already unsealed (in memory only).
 *
 * @param direction entry, exit or both
 * @param fps frames analysed per second
 */
public record CameraConfig(
    String id,
    String name,
    String location,
    String streamUrl,
    @Nullable String username,
    @Nullable String password,
    @Nullable Long siteId,
    String direction,
    double fps) {

  /** The URL FFmpeg opens: with the credentials. */
  String openUrl() {
    return StreamUrls.withCredentials(streamUrl, username, password);
  }

  @Override
  public String toString() {
    return "CameraConfig[" + id + ", " + streamUrl + "]"; // never the password
  }
}
