package io.faceattend.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * A camera on loopback: MJPEG over HTTP (multipart/x-mixed-replace, what IP cameras serve) made
 * from real photographs, each drawn on a 1280x720 canvas so every frame has the stream's size. It
 * plays its frames in a loop at a given rate, can stop (the camera goes away) and start again on
 * the same port, and can send corrupt data instead of JPEGs.
 */
final class MjpegServer implements AutoCloseable {

  static final int WIDTH = 1280;
  static final int HEIGHT = 720;
  private static final String BOUNDARY = "faceattendframe";

  private final int fps;
  private volatile List<byte[]> frames;
  private volatile boolean corrupt;
  private final AtomicLong loops = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger handlerThreads = new AtomicInteger();
  private final ExecutorService handlers =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread =
                new Thread(runnable, "mjpeg-server-" + handlerThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
  private volatile HttpServer server;
  private volatile int generation;
  private int port;

  MjpegServer(List<byte[]> frames, int fps) {
    this.frames = List.copyOf(frames);
    this.fps = fps;
    start();
  }

  /** A photo from shared/faces as a frame: scaled to fit the canvas, on grey. */
  static byte[] frame(String photo) {
    try {
      BufferedImage source = ImageIO.read(new ByteArrayInputStream(SharedFaces.read(photo)));
      BufferedImage canvas = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = canvas.createGraphics();
      g.setColor(new Color(90, 90, 90));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      double scale =
          Math.min((double) WIDTH / source.getWidth(), (double) HEIGHT / source.getHeight());
      int w = (int) (source.getWidth() * scale);
      int h = (int) (source.getHeight() * scale);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(source, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h, null);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(canvas, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code count} copies of {@code frame}. */
  static List<byte[]> times(byte[] frame, int count) {
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(frame);
    }
    return list;
  }

  synchronized void start() {
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      int current = ++generation;
      created.createContext("/stream.mjpg", exchange -> serve(exchange, current));
      created.setExecutor(handlers);
      created.start();
      port = created.getAddress().getPort();
      server = created;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The camera goes away: the listener closes and open streams end. */
  synchronized void stop() {
    generation++;
    HttpServer current = server;
    if (current != null) {
      current.stop(0);
      server = null;
    }
  }

  void setCorrupt(boolean value) {
    corrupt = value;
  }

  void setFrames(List<byte[]> value) {
    frames = List.copyOf(value);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/stream.mjpg";
  }

  /** Complete passes through the frames, over all connections. */
  long loops() {
    return loops.get();
  }

  int connections() {
    return connections.get();
  }

  private void serve(HttpExchange exchange, int servedGeneration) throws IOException {
    connections.incrementAndGet();
    exchange
        .getResponseHeaders()
        .add("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
    exchange.sendResponseHeaders(200, 0);
    Random random = new Random(7);
    try (OutputStream out = exchange.getResponseBody()) {
      while (generation == servedGeneration) {
        for (byte[] frame : frames) {
          if (generation != servedGeneration) {
            return;
          }
          byte[] body = frame;
          if (corrupt) {
            body = new byte[frame.length];
            random.nextBytes(body); // not a JPEG: a camera sending garbage
          }
          out.write(
              ("--"
                      + BOUNDARY
                      + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(1000 / fps);
        }
        loops.incrementAndGet();
      }
    } catch (IOException | InterruptedException e) {
      // the reader went away, or the camera was stopped
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    stop();
    handlers.shutdownNow();
  }
}
