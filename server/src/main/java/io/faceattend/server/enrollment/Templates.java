package io.faceattend.server.enrollment;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.security.TemplateCipher;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face templates a user is matched against: those of their approved enrolment, decrypted, each
 * with the embedding model that made it. A template is only ever compared with a probe embedded by
 * its own model; after a model upgrade the next good check-in adds a template of the new model
 * ({@link #addFromCheckIn}), so people move to it without enrolling again.
 */
public final class Templates {

  private static final Logger LOG = LoggerFactory.getLogger(Templates.class);

  /**
   * The similarity a check-in must reach before its probe becomes a template of the new model: the
   * 1:N threshold, above every impostor pair measured (docs/face-engine.md), so a doubtful match
   * never plants someone else's face in a person's templates.
   */
  static final double ADD_MIN_SIMILARITY = FaceEngineConfig.DEFAULT_IDENTIFY_THRESHOLD;

  /** One stored template: the embedding and the model ({@code name@version}) that made it. */
  public record Stored(float[] embedding, String model) {}

  /** A person's approved templates, every model. */
  public record PersonTemplates(long userId, List<Stored> all) {
    public boolean isEmpty() {
      return all.isEmpty();
    }

    /**
     * The models of these templates: the probe is embedded by each the engine has loaded (its
     * current model always).
     */
    public Set<String> models() {
      Set<String> models = new LinkedHashSet<>();
      for (Stored t : all) {
        models.add(t.model());
      }
      return models;
    }

    public boolean hasModel(String model) {
      return all.stream().anyMatch(t -> t.model().equals(model));
    }

    /** The templates of one model. */
    public List<float[]> of(String model) {
      return all.stream().filter(t -> t.model().equals(model)).map(Stored::embedding).toList();
    }
  }

  /**
   * The best match of a probe over a person's templates, and how many templates could not be
   * compared (their model is not loaded in the engine).
   */
  public record Verification(FaceGate.Match match, String model, int skipped) {}

  private final Store store;
  private final TemplateCipher cipher;
  private final AtomicLong skippedTemplates = new AtomicLong();

  public Templates(Store store, TemplateCipher cipher) {
    this.store = store;
    this.cipher = cipher;
  }

  /** A person's approved templates of every model. */
  public PersonTemplates approvedFor(long userId) {
    List<Stored> all =
        store
            .db()
            .select(FACE_TEMPLATES.CIPHERTEXT, FACE_TEMPLATES.MODEL)
            .from(FACE_TEMPLATES)
            .join(ENROLLMENTS)
            .on(ENROLLMENTS.ID.eq(FACE_TEMPLATES.ENROLLMENT_ID))
            .where(FACE_TEMPLATES.USER_ID.eq(userId))
            .and(ENROLLMENTS.STATUS.eq(EnrollmentStatus.APPROVED))
            .orderBy(FACE_TEMPLATES.ID)
            .fetch(
                row ->
                    new Stored(
                        cipher.decryptEmbedding(row.value1(), Enrollments.templateOwner(userId)),
                        row.value2()));
    return new PersonTemplates(userId, List.copyOf(all));
  }

  /** A person's approved templates made by {@code model} (those a probe of that model may meet). */
  public List<float[]> approvedOf(long userId, String model) {
    return approvedFor(userId).of(model);
  }

  /**
   * Compares the accepted face with each of the person's templates using the probe's embedding of
   * that template's own model (the current one, or an older one the engine embedded it with too);
   * the best similarity counts. Templates of a model the engine did not embed with (not loaded) are
   * skipped and logged, never compared with another model's embedding.
   *
   * @throws ApiException {@code enrollment_required} when no template could be compared
   */
  public Verification verify(
      FaceGate faces, FaceGate.AcceptedFace face, PersonTemplates templates) {
    Map<String, float[]> probes = new LinkedHashMap<>(face.olderEmbeddings());
    probes.put(face.model(), face.embedding());
    FaceGate.Match best = new FaceGate.Match(-1, false);
    String bestModel = null;
    int skipped = 0;
    Map<String, Integer> skippedByModel = new LinkedHashMap<>();
    for (String model : templates.models()) {
      List<float[]> ofModel = templates.of(model);
      float[] probe = probes.get(model);
      if (probe == null) {
        skipped += ofModel.size();
        skippedByModel.put(model, ofModel.size());
        continue;
      }
      FaceGate.Match match = faces.match(probe, ofModel);
      if (match.similarity() > best.similarity()) {
        best = match;
        bestModel = model;
      }
    }
    if (skipped > 0) {
      skippedTemplates.addAndGet(skipped);
      LOG.warn(
          "user {}: {} template(s) skipped, their embedding model is not loaded by the face engine"
              + " (current {}): {}",
          templates.userId(),
          skipped,
          face.model(),
          skippedByModel);
    }
    if (bestModel == null) {
      // nothing to compare with: only re-enrolment (or loading the old model again) helps
      throw new ApiException(
          ErrorCode.ENROLLMENT_REQUIRED,
          "Your face templates were made by a face model this server no longer has; enrol again");
    }
    return new Verification(best, bestModel, skipped);
  }

  /** Templates skipped since start because their model was not loaded (for metrics). */
  public long skippedTemplates() {
    return skippedTemplates.get();
  }

  /**
   * After a successful check-in of a person who has no template of the current model: the probe
   * (which passed every check-in gate: one face, size, pose, sharpness, brightness, eyes, liveness)
   * becomes a template of that model, when it matched confidently ({@link #ADD_MIN_SIMILARITY}).
   * Sealed like every template, added to the person's approved enrolment, audited as a system
   * action. Returns whether one was added; a failure is logged, never fails the punch that already
   * succeeded.
   */
  public boolean addFromCheckIn(
      FaceGate.AcceptedFace face, PersonTemplates known, Verification verification) {
    try {
      return addTemplate(face, known, verification);
    } catch (RuntimeException e) {
      LOG.error("user {}: adding a template of model {} failed", known.userId(), face.model(), e);
      return false;
    }
  }

  private boolean addTemplate(
      FaceGate.AcceptedFace face, PersonTemplates known, Verification verification) {
    if (face.model() == null
        || face.model().isEmpty()
        || known.hasModel(face.model())
        || !verification.match().matched()
        || verification.match().similarity() < ADD_MIN_SIMILARITY) {
      return false;
    }
    long userId = known.userId();
    return store.transactionResult(
        tx -> {
          // one at a time per person: two concurrent check-ins add one template, not two
          tx.select(USERS.ID).from(USERS).where(USERS.ID.eq(userId)).forUpdate().fetch();
          Long enrollmentId =
              tx.select(ENROLLMENTS.ID)
                  .from(ENROLLMENTS)
                  .where(ENROLLMENTS.USER_ID.eq(userId))
                  .and(ENROLLMENTS.STATUS.eq(EnrollmentStatus.APPROVED))
                  .orderBy(ENROLLMENTS.ID.desc())
                  .limit(1)
                  .fetchOne(ENROLLMENTS.ID);
          if (enrollmentId == null
              || tx.fetchExists(
                  FACE_TEMPLATES,
                  FACE_TEMPLATES
                      .ENROLLMENT_ID
                      .eq(enrollmentId)
                      .and(FACE_TEMPLATES.MODEL.eq(face.model())))) {
            return false;
          }
          long templateId =
              tx.insertInto(FACE_TEMPLATES)
                  .set(FACE_TEMPLATES.USER_ID, userId)
                  .set(FACE_TEMPLATES.ENROLLMENT_ID, enrollmentId)
                  .set(
                      FACE_TEMPLATES.CIPHERTEXT,
                      cipher.encryptEmbedding(face.embedding(), Enrollments.templateOwner(userId)))
                  .set(FACE_TEMPLATES.KEY_ID, cipher.keyId())
                  .set(FACE_TEMPLATES.QUALITY, face.sharpness())
                  .set(FACE_TEMPLATES.MODEL, face.model())
                  .set(FACE_TEMPLATES.ORIGIN, "check_in")
                  .returning(FACE_TEMPLATES.ID)
                  .fetchSingle(FACE_TEMPLATES.ID);
          store.audit(
              tx,
              AuditLog.Actor.system(),
              "template.add_from_check_in",
              "user",
              userId,
              Map.of(
                  "template_id",
                  templateId,
                  "enrollment_id",
                  enrollmentId,
                  "model",
                  face.model(),
                  "verified_with_model",
                  String.valueOf(verification.model()),
                  "similarity",
                  Math.round(verification.match().similarity() * 1000) / 1000.0));
          return true;
        });
  }
}
