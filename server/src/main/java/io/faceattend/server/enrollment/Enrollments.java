package io.faceattend.server.enrollment;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.db.jooq.Tables.USER_CONSENTS;

import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.EnrollImageReport;
import io.faceattend.proto.v1.EnrollResponse;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.security.TemplateCipher;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Face enrolment. Each submitted photo goes through every gate of the face engine; each one that
 * passes becomes a template (encrypted at rest), all of them must show the same person, and the
 * user waits for an admin's approval ({@code pending}). The first accepted photo is kept,
 * encrypted, until an admin decides.
 *
 * @param consentVersion the version of the biometric consent text recorded for an enrolment whose
 *     app does not name the one it showed (FACEATTEND_CONSENT_VERSION)
 */
public record Enrollments(
    Store store,
    FaceGate faces,
    TemplateCipher cipher,
    DuplicateFinder duplicates,
    String consentVersion) {

  public static final int MAX_IMAGES = 5;

  /** AEAD data binding a template to its user. */
  public static String templateOwner(long userId) {
    return "face-template:user:" + userId;
  }

  public static String photoOwner(long userId) {
    return "enrollment-photo:user:" + userId;
  }

  /**
   * Enrols the caller's photos; {@code consent} is the version of the consent text the person
   * accepted in the app (null: the configured one), recorded with the time in {@code
   * user_consents}.
   */
  public EnrollResponse enroll(
      Caller user,
      List<byte[]> images,
      DevicePlatform device,
      String deviceId,
      String clientIp,
      String consent) {
    String acceptedConsent = consent == null || consent.isBlank() ? consentVersion : consent.trim();
    if (acceptedConsent.length() > 50) {
      throw ApiException.invalid("consentVersion is longer than 50 characters");
    }
    if (images.isEmpty() || images.stream().allMatch(i -> i.length == 0)) {
      throw ApiException.missingField("image");
    }
    if (images.size() > MAX_IMAGES) {
      throw ApiException.invalid("Send at most " + MAX_IMAGES + " images");
    }
    String platform = Devices.platform(device);
    String deviceIdentifier = Devices.deviceId(deviceId);
    if (user.status() != UserStatus.FIRST_LOGIN) {
      throw new ApiException(
          ErrorCode.ENROLLMENT_NOT_ALLOWED,
          user.status() == UserStatus.PENDING
              ? "Your enrolment is waiting for approval"
              : "You are already enrolled; an administrator can ask you to enrol again");
    }

    // the expensive part, outside any transaction
    List<EnrollImageReport> reports = new ArrayList<>();
    List<FaceGate.AcceptedFace> accepted = new ArrayList<>();
    byte[] keptPhoto = null;
    ApiException firstFailure = null;
    for (int i = 0; i < images.size(); i++) {
      EnrollImageReport.Builder report = EnrollImageReport.newBuilder().setIndex(i);
      try {
        FaceGate.AcceptedFace face = faces.accept(images.get(i));
        report
            .setFaceSize(face.faceSize())
            .setSharpness(face.sharpness())
            .setBrightness(face.brightness())
            .setLivenessScore(face.livenessScore());
        // every photo of one enrolment must show the same person as the first accepted one
        if (!accepted.isEmpty()
            && !faces.match(face.embedding(), List.of(accepted.get(0).embedding())).matched()) {
          throw new ApiException(
              ErrorCode.FACE_MISMATCH, "This photo shows a different person than the others");
        }
        accepted.add(face);
        if (keptPhoto == null) {
          keptPhoto = images.get(i);
        }
        report.setAccepted(true);
      } catch (ApiException refused) {
        if (refused.errorCode().isServerSide()) {
          throw refused;
        }
        firstFailure = firstFailure == null ? refused : firstFailure;
        report
            .setAccepted(false)
            .setErrorCode(refused.errorCode().code())
            .setErrorMessage(refused.getMessage());
      }
      reports.add(report.build());
    }
    if (accepted.isEmpty()) {
      throw firstFailure;
    }

    // one person, two accounts? the approver sees who else this face matches
    List<DuplicateFinder.Duplicate> matches =
        duplicates.find(
            user.userId(), accepted.stream().map(FaceGate.AcceptedFace::embedding).toList());
    byte[] photo = keptPhoto;
    OffsetDateTime now = store.now();
    store.transaction(
        tx -> {
          // the state may have changed while the photos were analysed: re-check under a row
          // lock
          UserStatus status =
              tx.select(USERS.STATUS)
                  .from(USERS)
                  .where(USERS.ID.eq(user.userId()))
                  .forUpdate()
                  .fetchSingle(USERS.STATUS);
          if (status != UserStatus.FIRST_LOGIN) {
            throw new ApiException(
                ErrorCode.ENROLLMENT_NOT_ALLOWED, "Your enrolment is already being processed");
          }
          long enrollmentId =
              tx.insertInto(ENROLLMENTS)
                  .set(ENROLLMENTS.USER_ID, user.userId())
                  .set(ENROLLMENTS.DEVICE, platform)
                  .set(ENROLLMENTS.DEVICE_ID, deviceIdentifier)
                  .set(ENROLLMENTS.IMAGE_REPORT, JSONB.valueOf(ReportJson.of(reports)))
                  .set(
                      ENROLLMENTS.PHOTO_CIPHERTEXT,
                      cipher.encrypt(photo, photoOwner(user.userId())))
                  .set(ENROLLMENTS.CREATED_AT, now)
                  .set(ENROLLMENTS.POSSIBLE_DUPLICATES, DuplicatesJson.of(matches))
                  .returning(ENROLLMENTS.ID)
                  .fetchSingle(ENROLLMENTS.ID);
          for (FaceGate.AcceptedFace face : accepted) {
            tx.insertInto(FACE_TEMPLATES)
                .set(FACE_TEMPLATES.USER_ID, user.userId())
                .set(FACE_TEMPLATES.ENROLLMENT_ID, enrollmentId)
                .set(
                    FACE_TEMPLATES.CIPHERTEXT,
                    cipher.encryptEmbedding(face.embedding(), templateOwner(user.userId())))
                .set(FACE_TEMPLATES.KEY_ID, cipher.keyId())
                .set(FACE_TEMPLATES.QUALITY, face.sharpness())
                .set(FACE_TEMPLATES.MODEL, face.model())
                .execute();
          }
          // GDPR art. 9: explicit consent to biometric processing, which text and when
          tx.insertInto(USER_CONSENTS)
              .set(USER_CONSENTS.USER_ID, user.userId())
              .set(USER_CONSENTS.KIND, "biometric_enrolment")
              .set(USER_CONSENTS.TEXT_VERSION, acceptedConsent)
              .set(USER_CONSENTS.ENROLLMENT_ID, enrollmentId)
              .set(USER_CONSENTS.ACCEPTED_AT, now)
              .set(USER_CONSENTS.CLIENT_IP, clientIp)
              .execute();
          tx.update(USERS)
              .set(USERS.STATUS, UserStatus.PENDING)
              .set(USERS.FACE_ENROLLED_AT, DSL.coalesce(USERS.FACE_ENROLLED_AT, DSL.val(now)))
              .set(USERS.UPDATED_AT, now)
              .where(USERS.ID.eq(user.userId()))
              .execute();
          store.audit(
              tx,
              AuditLog.Actor.user(user.userId(), clientIp),
              "enrollment.submit",
              "user",
              user.userId(),
              Map.of(
                  "enrollment_id",
                  enrollmentId,
                  "images",
                  images.size(),
                  "templates",
                  accepted.size(),
                  "device",
                  platform,
                  "possible_duplicates",
                  matches.stream().map(DuplicateFinder.Duplicate::userId).toList().toString()));
          store
              .audit()
              .events()
              .record(
                  tx,
                  EventTypes.ENROLLMENT_SUBMITTED,
                  user.userId(),
                  Map.of("user_id", user.userId(), "enrollment_id", enrollmentId));
        });
    return EnrollResponse.newBuilder()
        .setMessage("Face enrolled successfully")
        .addAllImages(reports)
        .build();
  }
}
