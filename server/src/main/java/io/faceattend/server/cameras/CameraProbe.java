package io.faceattend.server.cameras;

import io.faceattend.proto.v1.TestCameraResponse;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The test route: connect, decode a first frame, then keep reading for up to a second to measure
 * the rate the camera really sends (an MJPEG stream declares none).
 */
final class CameraProbe {

  private static final long MEASURE_NANOS = 1_000_000_000L;
  private static final int MEASURE_FRAMES = 10;

  private CameraProbe() {}

  static TestCameraResponse test(CameraConfig camera, CameraSettings settings) {
    long started = System.nanoTime();
    FFmpegFrameGrabber grabber;
    try {
      grabber = CameraStreams.open(camera, settings.readTimeout());
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw unreachable("could not connect: " + CameraStreams.describe(e, camera));
    }
    try {
      Frame first = grabber.grabImage();
      if (first == null) {
        throw unreachable("connected, but the stream ended before a frame");
      }
      long firstAt = System.nanoTime();
      String resolution = first.imageWidth + "x" + first.imageHeight;
      int more = 0;
      long lastAt = firstAt;
      while (more < MEASURE_FRAMES && System.nanoTime() - firstAt < MEASURE_NANOS) {
        if (grabber.grabImage() == null) {
          break;
        }
        more++;
        lastAt = System.nanoTime();
      }
      double fps =
          more == 0
              ? Math.max(0, grabber.getFrameRate())
              : Math.round(more / ((lastAt - firstAt) / 1e9) * 10) / 10.0;
      return TestCameraResponse.newBuilder()
          .setSuccess(true)
          .setResolution(resolution)
          .setFps(fps)
          .setLatencyMs((firstAt - started) / 1_000_000)
          .build();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      throw unreachable("could not read a frame: " + CameraStreams.describe(e, camera));
    } finally {
      CameraStreams.release(grabber);
    }
  }

  private static ApiException unreachable(String message) {
    return new ApiException(ErrorCode.CAMERA_UNREACHABLE, "Camera test failed: " + message);
  }
}
