package io.faceattend.server.identification;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.users.UserAccounts;
import java.util.Map;

/**
 * Sign-in with a face: one live face (every check-in gate, liveness included), identified among
 * active people by the open-set rule, then the same session a password login opens. Refused: an
 * unknown face (401 face_not_recognized), face login switched off for the deployment or the person
 * (403), too many attempts from one address or device (429).
 */
public final class FaceLogin {

  /** The login name recorded with face-login events that identified nobody. */
  static final String UNKNOWN_LOGIN_NAME = "(face)";

  private final Store store;
  private final FaceGate faces;
  private final Identifier identifier;
  private final Authentication authentication;
  private final boolean enabled;
  private final AttemptLimiter limiter;

  public FaceLogin(
      Store store,
      FaceGate faces,
      Identifier identifier,
      Authentication authentication,
      IdentificationSettings settings) {
    this.store = store;
    this.faces = faces;
    this.identifier = identifier;
    this.authentication = authentication;
    this.enabled = settings.faceLoginEnabled();
    this.limiter = new AttemptLimiter(settings.faceLoginPerMinute(), store.clock());
  }

  public Authentication.LoginResult login(
      byte[] image, String deviceId, Authentication.Location location, Caller.Origin caller) {
    if (!enabled) {
      throw new ApiException(
          ErrorCode.FACE_LOGIN_DISABLED, "Face login is switched off on this server");
    }
    if (image == null || image.length == 0) {
      throw ApiException.missingField("image");
    }
    if (!limiter.tryAcquire("ip:" + caller.clientIp())
        || (deviceId != null
            && !deviceId.isBlank()
            && !limiter.tryAcquire("device:" + deviceId.trim()))) {
      throw new ApiException(
          ErrorCode.TOO_MANY_ATTEMPTS, "Too many face login attempts; wait a minute");
    }
    FaceGate.AcceptedFace face = faces.accept(image);
    OpenSetDecision.Outcome outcome = identifier.identify(face.embedding());
    UsersRecord user =
        outcome.userId().flatMap(id -> UserAccounts.findActive(store.db(), id)).orElse(null);
    if (user == null) {
      authentication.recordFailure(
          null, UNKNOWN_LOGIN_NAME, ErrorCode.FACE_NOT_RECOGNIZED, location, caller);
      throw new ApiException(
          ErrorCode.FACE_NOT_RECOGNIZED, "This face does not match any active account");
    }
    if (!user.getFaceLoginEnabled()) {
      authentication.recordFailure(
          user.getId(), user.getUsername(), ErrorCode.FACE_LOGIN_DISABLED, location, caller);
      throw new ApiException(
          ErrorCode.FACE_LOGIN_DISABLED,
          "Face login is switched off for this account; sign in with your password");
    }
    return authentication.openSession(user, user.getUsername(), location, caller);
  }

  /** Switches face login on or off for one person (audited). */
  public void setEnabled(AuditLog.Actor admin, long userId, boolean on) {
    store.transaction(
        tx -> {
          int updated =
              tx.update(USERS)
                  .set(USERS.FACE_LOGIN_ENABLED, on)
                  .where(USERS.ID.eq(userId))
                  .and(USERS.DEACTIVATED_AT.isNull())
                  .execute();
          if (updated == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "User " + userId + " does not exist");
          }
          store.audit(
              tx, admin, on ? "face_login.enable" : "face_login.disable", "user", userId, Map.of());
        });
  }
}
