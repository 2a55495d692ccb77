package io.faceattend.server.cameras;

import io.faceattend.proto.v1.GetCameraHealthResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One worker's live counters, written by its threads and read by the health route. The status is
 * derived when asked: online while frames arrive, error while connected without a decodable frame
 * (or after a decoding failure), offline otherwise.
 */
final class CameraHealth {

  private static final int QUALITY_WINDOW = 50;
  private static final long BANDWIDTH_WINDOW_NANOS = 2_000_000_000L;

  private final Duration offlineAfter;
  private volatile @Nullable Instant lastFrame;
  private volatile @Nullable Instant onlineSince;
  private volatile @Nullable Instant connectedAt;
  private volatile boolean decodeFailure;
  private volatile boolean stallReported;
  private volatile @Nullable String lastError;
  private volatile @Nullable String resolution;
  private volatile double bitsPerSecond;
  private volatile double quality;
  private final AtomicLong analysed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  // bandwidth window, grab thread only
  private long windowStartNanos;
  private long windowStartBytes;
  private int qualitySamples;

  CameraHealth(Duration offlineAfter) {
    this.offlineAfter = offlineAfter;
  }

  void connected(Instant at) {
    connectedAt = at;
    windowStartNanos = System.nanoTime();
    windowStartBytes = 0;
  }

  void disconnected() {
    connectedAt = null;
    bitsPerSecond = 0;
  }

  void frame(Instant at, int width, int height, long bytesReadThisConnection) {
    Instant previous = lastFrame;
    if (previous == null || Duration.between(previous, at).compareTo(offlineAfter) > 0) {
      onlineSince = at;
    }
    lastFrame = at;
    decodeFailure = false;
    stallReported = false;
    resolution = width + "x" + height;
    long now = System.nanoTime();
    if (bytesReadThisConnection >= 0 && now - windowStartNanos >= BANDWIDTH_WINDOW_NANOS) {
      bitsPerSecond =
          (bytesReadThisConnection - windowStartBytes) * 8.0 / ((now - windowStartNanos) / 1e9);
      windowStartNanos = now;
      windowStartBytes = bytesReadThisConnection;
    }
  }

  void failure(String message, boolean decoding) {
    errors.incrementAndGet();
    lastError = message;
    decodeFailure = decoding;
  }

  void analysed() {
    analysed.incrementAndGet();
  }

  void dropped() {
    dropped.incrementAndGet();
  }

  /** A face's quality (0-1), into a running mean over about the last 50 faces. */
  synchronized void faceQuality(double value) {
    qualitySamples = Math.min(qualitySamples + 1, QUALITY_WINDOW);
    quality += (value - quality) / qualitySamples;
  }

  long framesAnalysed() {
    return analysed.get();
  }

  long framesDropped() {
    return dropped.get();
  }

  @Nullable String resolution() {
    return resolution;
  }

  String status(Instant now) {
    Instant frame = lastFrame;
    if (frame != null && Duration.between(frame, now).compareTo(offlineAfter) <= 0) {
      return "online";
    }
    return decodeFailure || stalled(now) ? "error" : "offline";
  }

  /**
   * Connected, data arriving, but no decodable frame for {@code offlineAfter}: FFmpeg skips corrupt
   * packets without returning, so the reader cannot see it; the supervisor's tick counts it once
   * per episode.
   */
  void checkStall(Instant now) {
    if (!stallReported && stalled(now)) {
      stallReported = true;
      failure("connected, but no decodable frame for " + offlineAfter.toSeconds() + " s", true);
    }
  }

  private boolean stalled(Instant now) {
    Instant connected = connectedAt;
    if (connected == null) {
      return false;
    }
    Instant frame = lastFrame;
    Instant since = frame != null && frame.isAfter(connected) ? frame : connected;
    return Duration.between(since, now).compareTo(offlineAfter) > 0;
  }

  GetCameraHealthResponse snapshot(String cameraId, Instant now) {
    String status = status(now);
    Instant since = onlineSince;
    long uptime =
        "online".equals(status) && since != null ? Duration.between(since, now).toSeconds() : 0;
    GetCameraHealthResponse.Builder health =
        GetCameraHealthResponse.newBuilder()
            .setCameraId(cameraId)
            .setStatus(status)
            .setUptime(humanDuration(uptime))
            .setUptimeSeconds(uptime)
            .setFramesAnalysed(analysed.get())
            .setFramesDropped(dropped.get())
            .setQualityScore(Math.round(quality * 1000) / 1000.0)
            .setBandwidthBps(Math.round("online".equals(status) ? bitsPerSecond : 0))
            .setBandwidthUsage(
                String.format(
                    Locale.ROOT, "%.1f Mbps", ("online".equals(status) ? bitsPerSecond : 0) / 1e6))
            .setErrorCount(errors.get());
    Instant frame = lastFrame;
    if (frame != null) {
      health.setLastFrame(frame.toString());
    }
    String error = lastError;
    if (error != null) {
      health.setLastError(error);
    }
    return health.build();
  }

  /** The health of a camera with no worker on this node (disabled, or ingest off here). */
  static GetCameraHealthResponse idle(String cameraId) {
    return GetCameraHealthResponse.newBuilder()
        .setCameraId(cameraId)
        .setStatus("offline")
        .setUptime(humanDuration(0))
        .setBandwidthUsage("0.0 Mbps")
        .build();
  }

  static String humanDuration(long seconds) {
    if (seconds < 60) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    long hours = minutes / 60;
    long rest = minutes % 60;
    return hours
        + (hours == 1 ? " hour" : " hours")
        + (rest == 0 ? "" : " " + rest + (rest == 1 ? " minute" : " minutes"));
  }
}
