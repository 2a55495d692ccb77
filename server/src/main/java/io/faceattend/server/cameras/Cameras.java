package io.faceattend.server.cameras;

import static io.faceattend.db.jooq.Tables.CAMERAS;
import static io.faceattend.db.jooq.Tables.SITES;

import io.faceattend.db.jooq.tables.records.CamerasRecord;
import io.faceattend.proto.v1.Camera;
import io.faceattend.proto.v1.CreateCameraRequest;
import io.faceattend.proto.v1.GetCameraHealthResponse;
import io.faceattend.proto.v1.GetCameraStreamResponse;
import io.faceattend.proto.v1.TestCameraResponse;
import io.faceattend.proto.v1.UpdateCameraRequest;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.security.TemplateCipher;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The camera registry, for admins. The camera's password is sealed with AES-256-GCM (bound to the
 * camera's id) because the worker needs it back to connect; no response carries it, and the stored
 * URL has no credentials. Every change is audited in its transaction, then the supervisor
 * (re)starts or stops the camera's worker.
 */
public record Cameras(Store store, TemplateCipher cipher, CameraSupervisor supervisor) {

  private static final Set<String> DIRECTIONS = Set.of("entry", "exit", "both");
  private static final double DEFAULT_FPS = 2;
  private static final double MIN_FPS = 0.2;
  private static final double MAX_FPS = 10;

  /** The associated data that binds a sealed password to its camera row. */
  static String passwordOwner(String cameraId) {
    return "camera:" + cameraId;
  }

  public Camera create(AuditLog.Actor admin, CreateCameraRequest request) {
    String id = id(request.getId());
    String name = required("name", request.getName());
    StreamUrls.Parsed url = StreamUrls.parse(request.getStreamUrl());
    String username = firstNonBlank(request.getUsername(), url.username());
    String password = firstNonBlank(request.getPassword(), url.password());
    String direction =
        direction(request.getDirection().isBlank() ? "both" : request.getDirection());
    Long siteId = request.getSiteId() == 0 ? null : request.getSiteId();
    double fps = request.getFps() == 0 ? DEFAULT_FPS : fps(request.getFps());
    Camera created =
        store.transactionResult(
            tx -> {
              if (tx.fetchExists(CAMERAS, CAMERAS.ID.eq(id))) {
                throw new ApiException(ErrorCode.CONFLICT, "Camera " + id + " already exists");
              }
              checkSite(tx, direction, siteId);
              OffsetDateTime now = store.now();
              tx.insertInto(CAMERAS)
                  .set(CAMERAS.ID, id)
                  .set(CAMERAS.NAME, name)
                  .set(CAMERAS.LOCATION, request.getLocation().trim())
                  .set(CAMERAS.STREAM_URL, url.url())
                  .set(CAMERAS.USERNAME, username)
                  .set(CAMERAS.PASSWORD_CIPHERTEXT, seal(id, password))
                  .set(CAMERAS.SITE_ID, siteId)
                  .set(CAMERAS.DIRECTION, direction)
                  .set(CAMERAS.FPS, fps)
                  .set(CAMERAS.ENABLED, true)
                  .set(CAMERAS.CREATED_AT, now)
                  .set(CAMERAS.UPDATED_AT, now)
                  .execute();
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("name", name);
              details.put("stream_url", url.url());
              details.put("direction", direction);
              details.put("site_id", siteId);
              details.put("fps", fps);
              store.audit(tx, admin, "camera.create", "camera", id, details);
              return toProto(find(tx, id));
            });
    supervisor.refresh();
    return created;
  }

  public List<Camera> list() {
    return store.db().selectFrom(CAMERAS).orderBy(CAMERAS.ID).fetch(this::toProto);
  }

  public Camera get(String id) {
    return toProto(find(store.db(), id));
  }

  public Camera update(AuditLog.Actor admin, UpdateCameraRequest request) {
    String id = pathId(request.getCameraId());
    String name = request.hasName() ? required("name", request.getName()) : null;
    StreamUrls.Parsed url =
        request.hasStreamUrl() ? StreamUrls.parse(request.getStreamUrl()) : null;
    String direction = request.hasDirection() ? direction(request.getDirection()) : null;
    Double fps = request.hasFps() ? fps(request.getFps()) : null;
    Camera updated =
        store.transactionResult(
            tx -> {
              CamerasRecord row = find(tx, id);
              Map<String, Object> details = new LinkedHashMap<>();
              if (name != null) {
                row.setName(name);
                details.put("name", name);
              }
              if (request.hasLocation()) {
                row.setLocation(request.getLocation().trim());
                details.put("location", row.getLocation());
              }
              if (url != null) {
                row.setStreamUrl(url.url());
                details.put("stream_url", url.url());
                if (url.username() != null && !request.hasUsername()) {
                  row.setUsername(url.username());
                  details.put("username", "changed");
                }
                if (url.password() != null && !request.hasPassword()) {
                  row.setPasswordCiphertext(seal(id, url.password()));
                  details.put("password", "changed");
                }
              }
              if (request.hasUsername()) {
                row.setUsername(request.getUsername().isBlank() ? null : request.getUsername());
                details.put("username", "changed");
              }
              if (request.hasPassword()) {
                row.setPasswordCiphertext(
                    seal(id, request.getPassword().isEmpty() ? null : request.getPassword()));
                details.put("password", "changed");
              }
              if (request.hasSiteId()) {
                row.setSiteId(request.getSiteId() == 0 ? null : request.getSiteId());
                details.put("site_id", row.getSiteId());
              }
              if (direction != null) {
                row.setDirection(direction);
                details.put("direction", direction);
              }
              if (fps != null) {
                row.setFps(fps);
                details.put("fps", fps);
              }
              checkSite(tx, row.getDirection(), row.getSiteId());
              row.setUpdatedAt(store.now());
              tx.executeUpdate(row);
              store.audit(tx, admin, "camera.update", "camera", id, details);
              return toProto(find(tx, id));
            });
    supervisor.refresh();
    return updated;
  }

  public void delete(AuditLog.Actor admin, String cameraId) {
    String id = pathId(cameraId);
    store.transaction(
        tx -> {
          CamerasRecord row = find(tx, id);
          tx.deleteFrom(CAMERAS).where(CAMERAS.ID.eq(id)).execute();
          store.audit(
              tx,
              admin,
              "camera.delete",
              "camera",
              id,
              Map.of("name", row.getName(), "stream_url", row.getStreamUrl()));
        });
    supervisor.refresh();
  }

  public Camera setEnabled(AuditLog.Actor admin, String cameraId, boolean enabled) {
    String id = pathId(cameraId);
    Camera changed =
        store.transactionResult(
            tx -> {
              find(tx, id);
              tx.update(CAMERAS)
                  .set(CAMERAS.ENABLED, enabled)
                  .set(CAMERAS.UPDATED_AT, store.now())
                  .where(CAMERAS.ID.eq(id))
                  .execute();
              store.audit(
                  tx, admin, enabled ? "camera.enable" : "camera.disable", "camera", id, Map.of());
              return toProto(find(tx, id));
            });
    supervisor.refresh();
    return changed;
  }

  public GetCameraStreamResponse stream(String cameraId) {
    CamerasRecord row = find(store.db(), pathId(cameraId));
    return GetCameraStreamResponse.newBuilder()
        .setCameraId(row.getId())
        .setStreamUrl(row.getStreamUrl())
        .setProtocol(StreamUrls.scheme(row.getStreamUrl()))
        .build();
  }

  /** Connects with the camera's credentials and reads frames for a moment. */
  public TestCameraResponse test(String cameraId) {
    return CameraProbe.test(config(find(store.db(), pathId(cameraId))), supervisor.settings());
  }

  public GetCameraHealthResponse health(String cameraId) {
    CamerasRecord row = find(store.db(), pathId(cameraId));
    return supervisor.health(row.getId());
  }

  /** The enabled cameras with their passwords unsealed, for the supervisor. */
  List<CameraConfig> enabled() {
    return store
        .db()
        .selectFrom(CAMERAS)
        .where(CAMERAS.ENABLED.isTrue())
        .orderBy(CAMERAS.ID)
        .fetch(this::config);
  }

  private CameraConfig config(CamerasRecord row) {
    String password =
        row.getPasswordCiphertext() == null
            ? null
            : new String(
                cipher.decrypt(row.getPasswordCiphertext(), passwordOwner(row.getId())),
                StandardCharsets.UTF_8);
    return new CameraConfig(
        row.getId(),
        row.getName(),
        row.getLocation(),
        row.getStreamUrl(),
        row.getUsername(),
        password,
        row.getSiteId(),
        row.getDirection(),
        row.getFps());
  }

  private byte @Nullable [] seal(String id, @Nullable String password) {
    return password == null
        ? null
        : cipher.encrypt(password.getBytes(StandardCharsets.UTF_8), passwordOwner(id));
  }

  private Camera toProto(CamerasRecord row) {
    GetCameraHealthResponse health = supervisor.health(row.getId());
    Camera.Builder camera =
        Camera.newBuilder()
            .setId(row.getId())
            .setName(row.getName())
            .setLocation(row.getLocation())
            .setStreamUrl(row.getStreamUrl())
            .setIpAddress(StreamUrls.host(row.getStreamUrl()))
            .setHasPassword(row.getPasswordCiphertext() != null)
            .setDirection(row.getDirection())
            .setFps(row.getFps())
            .setIsActive(row.getEnabled())
            .setStatus(row.getEnabled() ? health.getStatus() : "offline")
            .setCreatedAt(row.getCreatedAt().toInstant().toString())
            .setUpdatedAt(row.getUpdatedAt().toInstant().toString());
    if (row.getUsername() != null) {
      camera.setUsername(row.getUsername());
    }
    if (row.getSiteId() != null) {
      camera.setSiteId(row.getSiteId());
    }
    if (health.hasLastFrame()) {
      camera.setLastSeen(health.getLastFrame());
    }
    supervisor.resolution(row.getId()).ifPresent(camera::setResolution);
    return camera.build();
  }

  private static void checkSite(DSLContext tx, String direction, @Nullable Long siteId) {
    if (siteId == null) {
      if (!"both".equals(direction)) {
        throw ApiException.invalid(
            "an " + direction + " camera punches for a site: site_id is required");
      }
      return;
    }
    if (!tx.fetchExists(SITES, SITES.ID.eq(siteId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
    }
  }

  private static CamerasRecord find(DSLContext db, String id) {
    CamerasRecord found = db.selectFrom(CAMERAS).where(CAMERAS.ID.eq(id)).fetchOne();
    if (found == null) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Camera " + id + " does not exist");
    }
    return found;
  }

  private static String id(String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField("id");
    }
    String id = value.trim();
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw ApiException.invalid("id must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  private static String pathId(String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField("camera_id");
    }
    return value.trim();
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField(field);
    }
    if (value.length() > 200) {
      throw ApiException.invalid(field + " is longer than 200 characters");
    }
    return value.trim();
  }

  private static String direction(String value) {
    String direction = value.trim().toLowerCase(Locale.ROOT);
    if (!DIRECTIONS.contains(direction)) {
      throw ApiException.invalid("direction must be entry, exit or both");
    }
    return direction;
  }

  private static double fps(double value) {
    if (!(value >= MIN_FPS && value <= MAX_FPS)) {
      throw ApiException.invalid("fps must be between " + MIN_FPS + " and " + MAX_FPS);
    }
    return value;
  }

  private static @Nullable String firstNonBlank(String given, @Nullable String fromUrl) {
    return !given.isEmpty() ? given : fromUrl;
  }
}
