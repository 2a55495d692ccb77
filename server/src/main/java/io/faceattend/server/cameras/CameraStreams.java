package io.faceattend.server.cameras;

import java.time.Duration;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Opens a camera's stream with FFmpeg, the same way for the ingest worker and the test route. */
final class CameraStreams {

  static {
    // FFmpeg's own chatter (every corrupt packet) would flood the log; failures come back as
    // exceptions
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  private CameraStreams() {}

  /** A started grabber; the caller stops and releases it. */
  static FFmpegFrameGrabber open(CameraConfig camera, Duration timeout)
      throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(camera.openUrl());
    String micros = Long.toString(timeout.toNanos() / 1000);
    grabber.setOption("rw_timeout", micros); // every protocol: one read
    grabber.setOption("timeout", micros); // rtsp and http: the socket
    grabber.setOption("protocol_whitelist", StreamUrls.PROTOCOL_WHITELIST);
    if (StreamUrls.scheme(camera.streamUrl()).toLowerCase(Locale.ROOT).startsWith("rtsp")) {
      grabber.setOption("rtsp_transport", "tcp"); // no lost UDP packets, passes firewalls
    }
    try {
      grabber.start();
      return grabber;
    } catch (FrameGrabber.Exception | RuntimeException e) {
      release(grabber);
      throw e;
    }
  }

  static void release(FFmpegFrameGrabber grabber) {
    try {
      grabber.stop();
      grabber.release();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      // nothing more can be done with a broken stream
    }
  }

  /** An FFmpeg error as a short message, without the URL (it may hold credentials). */
  static String describe(Throwable e, CameraConfig camera) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    message = message.replace(camera.openUrl(), camera.streamUrl());
    return message.length() > 300 ? message.substring(0, 300) : message;
  }
}
