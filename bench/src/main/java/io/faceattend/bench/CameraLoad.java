package io.faceattend.bench;

import static io.faceattend.db.jooq.Tables.CAMERAS;

import com.sun.net.httpserver.HttpServer;
import io.faceattend.proto.v1.GetCameraHealthResponse;
import io.faceattend.server.FaceAttendPlatform;
import io.faceattend.server.config.ServerConfig;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * How many cameras at what analysis rate one node sustains: N real MJPEG streams on loopback (1280
 * x 720 at 10 frames a second, made from the shared photos: two people walking past an empty
 * corridor in turn), registered as cameras of an in-process platform (embedded PostgreSQL, the
 * in-process face engine), each analysed at F frames a second. For each (N, F): 15 s to settle,
 * then 45 s measured: frames analysed and dropped per camera, and the process CPU. A configuration
 * is sustained when every camera analyses at least 90 % of its F and drops under 10 % of its
 * sampled frames. See docs/benchmarks.md.
 *
 * <p>Arguments: configurations as N@F, e.g. {@code 1@2 2@2 4@2 4@1 8@1}.
 */
public final class CameraLoad {

  private static final int SOURCE_FPS = 10;
  private static final long SETTLE_MS = 15_000;
  private static final long MEASURE_MS = 45_000;

  public static void main(String[] args) throws Exception {
    List<String> configs =
        args.length == 0 ? List.of("1@2", "2@2", "4@2", "4@1", "8@1") : List.of(args);
    Path faces = Path.of(System.getProperty("faceattend.shared.dir", "../shared")).resolve("faces");
    List<byte[]> loop = new ArrayList<>();
    byte[] corridor = frame(faces.resolve("no_face/compreface_017_0_landscape.jpg"));
    addTimes(loop, frame(faces.resolve("people/katy_perry/3.jpg")), 30);
    addTimes(loop, corridor, 20);
    addTimes(loop, frame(faces.resolve("people/elon_musk/1.jpg")), 30);
    addTimes(loop, corridor, 20);
    HttpServer server = mjpeg(loop);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/stream.mjpg";

    Path data = Files.createTempDirectory("faceattend-camera-load");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("FACEATTEND_DATA_DIR", data.toString());
    System.out.printf(
        Locale.ROOT,
        "cpus=%d loadavg=%s%n",
        Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println(
        "cameras fps_each | analysed/s per camera (min..max) | dropped % | process CPU % | loadavg");
    try (FaceAttendPlatform platform = FaceAttendPlatform.start(ServerConfig.from(env))) {
      var db = platform.database().dsl();
      for (String config : configs) {
        int n = Integer.parseInt(config.split("@")[0]);
        double fps = Double.parseDouble(config.split("@")[1]);
        db.deleteFrom(CAMERAS).execute();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String id = "LOAD" + i;
          ids.add(id);
          OffsetDateTime now = OffsetDateTime.now();
          db.insertInto(CAMERAS)
              .set(CAMERAS.ID, id)
              .set(CAMERAS.NAME, id)
              .set(CAMERAS.STREAM_URL, url)
              .set(CAMERAS.DIRECTION, "both")
              .set(CAMERAS.FPS, fps)
              .set(CAMERAS.CREATED_AT, now)
              .set(CAMERAS.UPDATED_AT, now)
              .execute();
        }
        Thread.sleep(SETTLE_MS);
        Map<String, long[]> before = counters(platform, ids);
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        Thread.sleep(MEASURE_MS);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (processCpuNanos() - cpuBefore) / 1e9 / seconds * 100;
        Map<String, long[]> after = counters(platform, ids);
        double min = Double.MAX_VALUE;
        double max = 0;
        long analysed = 0;
        long dropped = 0;
        for (String id : ids) {
          long a = after.get(id)[0] - before.get(id)[0];
          long d = after.get(id)[1] - before.get(id)[1];
          analysed += a;
          dropped += d;
          min = Math.min(min, a / seconds);
          max = Math.max(max, a / seconds);
        }
        double dropPercent = analysed + dropped == 0 ? 0 : 100.0 * dropped / (analysed + dropped);
        boolean sustained = min >= 0.9 * fps && dropPercent < 10;
        System.out.printf(
            Locale.ROOT,
            "%d x %.1f fps | %.2f..%.2f | %.1f %% | %.0f %% | %s | %s%n",
            n,
            fps,
            min,
            max,
            dropPercent,
            cpu,
            Files.readString(Path.of("/proc/loadavg")).trim(),
            sustained ? "SUSTAINED" : "not sustained");
      }
      db.deleteFrom(CAMERAS).execute();
      Thread.sleep(3000);
    } finally {
      server.stop(0);
      System.exit(0); // the stream handler threads
    }
  }

  private static Map<String, long[]> counters(FaceAttendPlatform platform, List<String> ids) {
    Map<String, long[]> counters = new HashMap<>();
    for (String id : ids) {
      GetCameraHealthResponse health = platform.cameras().health(id);
      counters.put(id, new long[] {health.getFramesAnalysed(), health.getFramesDropped()});
    }
    return counters;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void addTimes(List<byte[]> list, byte[] frame, int count) {
    for (int i = 0; i < count; i++) {
      list.add(frame);
    }
  }

  /** A photo drawn on a 1280 x 720 grey canvas, as JPEG. */
  private static byte[] frame(Path photo) throws IOException {
    BufferedImage source = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(photo)));
    BufferedImage canvas = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    g.setColor(new Color(90, 90, 90));
    g.fillRect(0, 0, 1280, 720);
    double scale = Math.min(1280.0 / source.getWidth(), 720.0 / source.getHeight());
    int w = (int) (source.getWidth() * scale);
    int h = (int) (source.getHeight() * scale);
    g.drawImage(source, (1280 - w) / 2, (720 - h) / 2, w, h, null);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(canvas, "jpg", out);
    return out.toByteArray();
  }

  /** Every connection gets the loop from its start, at SOURCE_FPS, until it goes away. */
  private static HttpServer mjpeg(List<byte[]> loop) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/stream.mjpg",
        exchange -> {
          exchange
              .getResponseHeaders()
              .add("Content-Type", "multipart/x-mixed-replace; boundary=f");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              for (byte[] frame : loop) {
                out.write(
                    ("--f\r\nContent-Type: image/jpeg\r\nContent-Length: "
                            + frame.length
                            + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1000 / SOURCE_FPS);
              }
            }
          } catch (IOException | InterruptedException e) {
            // the camera worker went away
          }
        });
    server.start();
    return server;
  }

  private CameraLoad() {}
}
