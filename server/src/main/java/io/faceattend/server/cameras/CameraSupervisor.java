package io.faceattend.server.cameras;

import io.faceattend.proto.v1.CameraStatus;
import io.faceattend.proto.v1.GetCameraHealthResponse;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link CameraWorker} per enabled camera on this node (when ingest is on here): every
 * two seconds, and at once after a registry change, it starts workers for new or changed cameras
 * and stops those of deleted or disabled ones; it also watches each camera's status and records a
 * {@code camera.offline} event (webhooks) when an online camera stops sending frames.
 */
public final class CameraSupervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CameraSupervisor.class);
  private static final long TICK_MILLIS = 2000;

  private final CameraIngest ingest;
  private final DSLContext db;
  private final Events events;
  private final Map<String, CameraWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, String> lastStatus = new HashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "camera-supervisor");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Supplier<List<CameraConfig>> registry = List::of;

  /**
   * @param events where a camera going offline is recorded
   */
  public CameraSupervisor(CameraIngest ingest, DSLContext db, Events events) {
    this.ingest = ingest;
    this.db = db;
    this.events = events;
  }

  /** Starts following the registry (a no-op where ingest is off on this node). */
  public void start(Cameras cameras) {
    if (!ingest.settings().ingest()) {
      return;
    }
    this.registry = cameras::enabled;
    ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  CameraSettings settings() {
    return ingest.settings();
  }

  /** After a registry change: sync now rather than at the next tick. */
  void refresh() {
    if (ingest.settings().ingest() && !ticker.isShutdown()) {
      ticker.execute(this::tick);
    }
  }

  private void tick() {
    try {
      sync();
      watch();
    } catch (RuntimeException e) {
      LOG.warn("camera supervision failed", e); // the next tick tries again
    }
  }

  private void sync() {
    Map<String, CameraConfig> wanted = new LinkedHashMap<>();
    for (CameraConfig camera : registry.get()) {
      wanted.put(camera.id(), camera);
    }
    List<CameraWorker> stopping = new ArrayList<>();
    for (String id : new ArrayList<>(workers.keySet())) {
      CameraConfig config = wanted.get(id);
      if (config == null || !config.equals(workers.get(id).camera())) {
        CameraWorker worker = workers.remove(id);
        worker.signalStop();
        stopping.add(worker);
        lastStatus.remove(id);
      }
    }
    stopping.forEach(CameraWorker::close); // they stop together; each is waited for
    for (CameraConfig camera : wanted.values()) {
      workers.computeIfAbsent(
          camera.id(),
          id -> {
            CameraWorker worker = new CameraWorker(camera, ingest);
            worker.start();
            return worker;
          });
    }
  }

  private void watch() {
    Instant now = ingest.clock().instant();
    for (CameraWorker worker : workers.values()) {
      String id = worker.camera().id();
      worker.health().checkStall(now);
      String status = worker.health().status(now);
      String before = lastStatus.put(id, status);
      if ("online".equals(before) && !"online".equals(status)) {
        GetCameraHealthResponse health = worker.health().snapshot(id, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("camera_id", id);
        data.put("name", worker.camera().name());
        data.put("location", worker.camera().location());
        data.put("status", status);
        data.put("last_frame", health.hasLastFrame() ? health.getLastFrame() : null);
        data.put("last_error", health.hasLastError() ? health.getLastError() : null);
        db.transaction(
            config -> events.record(DSL.using(config), EventTypes.CAMERA_OFFLINE, null, data));
        LOG.info("camera {} is {}", id, status);
      }
    }
  }

  /** The camera's health on this node; offline with zero counters where no worker runs it. */
  public GetCameraHealthResponse health(String cameraId) {
    CameraWorker worker = workers.get(cameraId);
    return worker == null
        ? CameraHealth.idle(cameraId)
        : worker.health().snapshot(cameraId, ingest.clock().instant());
  }

  Optional<String> resolution(String cameraId) {
    CameraWorker worker = workers.get(cameraId);
    return worker == null ? Optional.empty() : Optional.ofNullable(worker.health().resolution());
  }

  /** Enabled cameras by state, for the realtime dashboard. */
  public CameraStatus counts() {
    int online = 0;
    int errors = 0;
    List<CameraConfig> enabled = registry.get();
    Instant now = ingest.clock().instant();
    for (CameraConfig camera : enabled) {
      CameraWorker worker = workers.get(camera.id());
      String status = worker == null ? "offline" : worker.health().status(now);
      if ("online".equals(status)) {
        online++;
      } else if ("error".equals(status)) {
        errors++;
      }
    }
    return CameraStatus.newBuilder()
        .setOnline(online)
        .setOffline(enabled.size() - online - errors)
        .setErrors(errors)
        .build();
  }

  /** Stops every worker and waits for their threads. */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      // a tick may be stopping workers: it waits for them (at most their join timeout)
      ticker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<CameraWorker> running = new ArrayList<>(workers.values());
    workers.clear();
    running.forEach(CameraWorker::signalStop); // all stop together, then each is waited for
    running.forEach(CameraWorker::close);
  }
}
