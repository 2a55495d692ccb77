package io.faceattend.server.cameras;

import io.faceattend.proto.v1.FaceAnalysis;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.identification.OpenSetDecision;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one camera. Two threads: the reader connects (reconnecting with backoff), decodes the
 * stream and samples frames at the camera's fps into a small queue (when analysis is behind the
 * oldest waiting frame is dropped and counted); the analyser takes frames, finds the faces (the
 * shared face engines), follows them with a {@link FaceTracker}, and for each track puts its best
 * frames through every check-in gate (one face, size, pose, eyes, quality, liveness) and then
 * identification. A recognised person goes to {@link CameraAttendance}. Frames live in memory only,
 * and only while queued or among a track's best.
 */
final class CameraWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CameraWorker.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

  /** Observations of a track at which identification is tried (then no more). */
  private static final int[] ATTEMPT_AT = {2, 5, 10};

  /** A sampled frame: JPEG bytes (what the face engine reads), when it arrived. */
  private record Sample(byte[] jpeg, Instant at) {}

  private final CameraConfig camera;
  private final CameraIngest ingest;
  private final CameraHealth health;
  private final BlockingQueue<Sample> queue;
  private final FaceTracker tracker;
  private final Map<Long, Instant> lastLogged = new HashMap<>();
  private final Thread reader;
  private final Thread analyser;
  private volatile boolean running = true;

  CameraWorker(CameraConfig camera, CameraIngest ingest) {
    this.camera = camera;
    this.ingest = ingest;
    this.health = new CameraHealth(ingest.settings().offlineAfter());
    this.queue = new ArrayBlockingQueue<>(ingest.settings().queueFrames());
    // a face unseen for three sampling intervals (at least 2 s) has left
    this.tracker = new FaceTracker(Duration.ofMillis(Math.max(2000, (long) (3000 / camera.fps()))));
    this.reader = new Thread(this::readLoop, "camera-" + camera.id() + "-reader");
    this.analyser = new Thread(this::analyseLoop, "camera-" + camera.id() + "-analyser");
    reader.setDaemon(true);
    analyser.setDaemon(true);
  }

  void start() {
    reader.start();
    analyser.start();
  }

  CameraConfig camera() {
    return camera;
  }

  CameraHealth health() {
    return health;
  }

  // ---- reader thread

  private void readLoop() {
    Duration backoff = FIRST_BACKOFF;
    Java2DFrameConverter converter = new Java2DFrameConverter();
    long intervalNanos = (long) (1e9 / camera.fps());
    while (running) {
      FFmpegFrameGrabber grabber = null;
      boolean gotFrame = false;
      try {
        grabber = CameraStreams.open(camera, ingest.settings().readTimeout());
        health.connected(ingest.clock().instant());
        long nextSample = System.nanoTime();
        while (running) {
          Frame frame = grabber.grabImage();
          if (frame == null) {
            if (running) {
              health.failure("the stream ended", false);
            }
            break;
          }
          gotFrame = true;
          backoff = FIRST_BACKOFF;
          Instant now = ingest.clock().instant();
          health.frame(now, frame.imageWidth, frame.imageHeight, bytesRead(grabber));
          long nanos = System.nanoTime();
          if (nanos >= nextSample) {
            nextSample = nanos + intervalNanos;
            byte[] jpeg = jpeg(converter.convert(frame));
            if (jpeg != null) {
              offer(new Sample(jpeg, now));
            }
          }
        }
      } catch (Exception e) {
        if (running) {
          String message = CameraStreams.describe(e, camera);
          // connected (or some frames) then failed: the data is the problem, not the network
          boolean decoding = grabber != null && !gotFrame;
          health.failure(message, decoding);
          LOG.debug("camera {}: {}", camera.id(), message);
        }
      } finally {
        if (grabber != null) {
          CameraStreams.release(grabber);
        }
        health.disconnected();
      }
      if (!running) {
        break;
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        break;
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff =
          doubled.compareTo(ingest.settings().reconnectMax()) > 0
              ? ingest.settings().reconnectMax()
              : doubled;
    }
  }

  /** Bytes read on this connection, or -1 where the demuxer has no byte stream (RTSP). */
  private static long bytesRead(FFmpegFrameGrabber grabber) {
    AVIOContext pb = grabber.getFormatContext() == null ? null : grabber.getFormatContext().pb();
    return pb == null || pb.isNull() ? -1 : pb.bytes_read();
  }

  private void offer(Sample sample) {
    while (!queue.offer(sample)) {
      if (queue.poll() != null) {
        health.dropped(); // the newest frame matters more than an old one
      }
    }
  }

  private static byte @Nullable [] jpeg(@Nullable BufferedImage image) {
    if (image == null) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      return ImageIO.write(image, "jpg", out) ? out.toByteArray() : null;
    } catch (IOException e) {
      return null;
    }
  }

  // ---- analyser thread

  private void analyseLoop() {
    while (running) {
      Sample sample;
      try {
        sample = queue.poll(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      try {
        if (sample == null) {
          finish(tracker.update(ingest.clock().instant(), List.of())); // nobody in view: tracks end
          continue;
        }
        List<FaceTracker.Observation> seen = observe(sample);
        health.analysed();
        List<FaceTracker.Track> ended = tracker.update(sample.at(), seen);
        for (FaceTracker.Track track : tracker.active()) {
          if (!track.decided
              && track.attempts < ATTEMPT_AT.length
              && track.observations >= ATTEMPT_AT[track.attempts]) {
            decide(track);
          }
        }
        finish(ended);
      } catch (RuntimeException e) {
        // one bad frame or a database hiccup must not stop the camera
        health.failure("analysis failed: " + e.getClass().getSimpleName(), false);
        LOG.warn("camera {}: analysis failed", camera.id(), e);
      }
    }
  }

  /** A track that left before identification was tried as often as planned gets a last try. */
  private void finish(List<FaceTracker.Track> ended) {
    for (FaceTracker.Track track : ended) {
      if (!track.decided && track.attempts < ATTEMPT_AT.length) {
        decide(track);
      }
    }
  }

  private List<FaceTracker.Observation> observe(Sample sample) {
    List<FaceAnalysis> found;
    try {
      found = ingest.faces().analyzeAll(sample.jpeg(), ingest.settings().maxFaces());
    } catch (ApiException e) {
      return List.of(); // an undecodable frame, or no face
    }
    List<FaceTracker.Observation> observations = new ArrayList<>();
    for (FaceAnalysis face : found) {
      if (face.getEmbeddingCount() == 0) {
        continue;
      }
      float[] embedding = new float[face.getEmbeddingCount()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = face.getEmbedding(i);
      }
      double quality = quality(face);
      health.faceQuality(quality);
      observations.add(
          new FaceTracker.Observation(
              new float[] {
                face.getBox().getX1(),
                face.getBox().getY1(),
                face.getBox().getX2(),
                face.getBox().getY2()
              },
              embedding,
              quality,
              sample.jpeg(),
              found.size(),
              sample.at()));
    }
    return observations;
  }

  /**
   * 0-1: detector confidence x size (full at 112 px, the template's size) x sharpness (full at a
   * Laplacian variance of 100) x liveness: which frame of a track is worth the gates.
   */
  static double quality(FaceAnalysis face) {
    double size = Math.min(1, face.getQuality().getFaceSize() / 112.0);
    double sharp = Math.min(1, face.getQuality().getSharpness() / 100.0);
    return face.getScore() * size * sharp * Math.max(0.05, face.getLivenessScore());
  }

  private void decide(FaceTracker.Track track) {
    track.attempts++;
    for (FaceTracker.Observation best : track.best()) {
      byte[] image = best.facesInFrame() == 1 ? best.image() : crop(best.image(), best.box());
      if (image == null) {
        continue;
      }
      FaceGate.AcceptedFace face;
      try {
        face = ingest.faces().accept(image); // every check-in gate, liveness included
      } catch (ApiException refused) {
        continue;
      }
      OpenSetDecision.Outcome outcome = ingest.identifier().identify(face.embedding());
      if (outcome.userId().isEmpty()) {
        continue;
      }
      track.decided = true;
      long userId = outcome.userId().get();
      Instant now = ingest.clock().instant();
      Instant previous = lastLogged.get(userId);
      if (previous != null
          && Duration.between(previous, now).compareTo(ingest.settings().repeatAfter()) < 0) {
        return; // the same person again soon after (a track lost and found): already logged
      }
      lastLogged.put(userId, now);
      lastLogged
          .values()
          .removeIf(t -> Duration.between(t, now).compareTo(ingest.settings().repeatAfter()) > 0);
      ingest
          .attendance()
          .record(
              camera,
              userId,
              outcome.bestSimilarity(),
              face,
              image,
              Duration.between(best.at(), now).toMillis(),
              track.key);
      return;
    }
  }

  /**
   * The face with room around it (3x its box: the liveness model looks at 2.7x), for a frame
   * showing several people: the gates then judge this face alone.
   */
  private static byte @Nullable [] crop(byte[] jpeg, float[] box) {
    try {
      BufferedImage frame = ImageIO.read(new ByteArrayInputStream(jpeg));
      if (frame == null) {
        return null;
      }
      double w = box[2] - box[0];
      double h = box[3] - box[1];
      int x1 = (int) Math.max(0, box[0] - w);
      int y1 = (int) Math.max(0, box[1] - h);
      int x2 = (int) Math.min(frame.getWidth(), box[2] + w);
      int y2 = (int) Math.min(frame.getHeight(), box[3] + h);
      if (x2 <= x1 || y2 <= y1) {
        return null;
      }
      return jpeg(frame.getSubimage(x1, y1, x2 - x1, y2 - y1));
    } catch (IOException e) {
      return null;
    }
  }

  /** Asks both threads to stop, without waiting. */
  void signalStop() {
    running = false;
    reader.interrupt();
    analyser.interrupt();
  }

  /**
   * Stops both threads and waits for them (a blocked read returns within the read timeout; an
   * analysis finishes its frame). An interrupt does not cut the wait short: the face engine must
   * not close under a running analysis.
   */
  @Override
  public void close() {
    signalStop();
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    boolean interrupted = false;
    for (Thread thread : List.of(reader, analyser)) {
      while (thread.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.warn("camera {}: {} did not stop in time", camera.id(), thread.getName());
          break;
        }
        try {
          thread.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    queue.clear();
  }
}
