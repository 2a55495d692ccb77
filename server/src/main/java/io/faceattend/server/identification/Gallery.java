package io.faceattend.server.identification;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.UserStatus;
import io.faceattend.face.EmbeddingModel;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.security.TemplateCipher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;

/**
 * Who can be identified, read from PostgreSQL: active, not deactivated people with an approved
 * enrolment, by their templates of the current embedding model. Their templates are decrypted here,
 * straight into the index's memory; they stay sealed at rest.
 */
public final class Gallery {

  private final DSLContext db;
  private final TemplateCipher cipher;
  private final String model;

  /**
   * @param model the face engine's current embedding model: only its templates are identified
   *     against (a probe is embedded by that model; older templates wait for the person's next
   *     check-in to add a current one)
   */
  public Gallery(DSLContext db, TemplateCipher cipher, String model) {
    this.db = db;
    this.cipher = cipher;
    this.model = model;
  }

  /** A gallery of the shipped embedding model's templates (tools, benchmarks). */
  public Gallery(DSLContext db, TemplateCipher cipher) {
    this(db, cipher, EmbeddingModel.SHIPPED.id());
  }

  /** Everybody identifiable, user id to templates. */
  public Map<Long, List<float[]>> loadAll() {
    Map<Long, List<float[]>> gallery = new HashMap<>();
    try (var cursor = templates(USERS.ID.isNotNull()).fetchSize(1000).fetchLazy()) {
      for (var row : cursor) {
        long userId = row.value1();
        gallery
            .computeIfAbsent(userId, id -> new ArrayList<>(2))
            .add(cipher.decryptEmbedding(row.value2(), Enrollments.templateOwner(userId)));
      }
    }
    return gallery;
  }

  /** One person's templates, or an empty list when they are not identifiable (any more). */
  public List<float[]> load(long userId) {
    return templates(USERS.ID.eq(userId))
        .fetch(row -> cipher.decryptEmbedding(row.value2(), Enrollments.templateOwner(userId)));
  }

  private ResultQuery<Record2<Long, byte[]>> templates(Condition which) {
    return db.select(FACE_TEMPLATES.USER_ID, FACE_TEMPLATES.CIPHERTEXT)
        .from(FACE_TEMPLATES)
        .join(ENROLLMENTS)
        .on(ENROLLMENTS.ID.eq(FACE_TEMPLATES.ENROLLMENT_ID))
        .join(USERS)
        .on(USERS.ID.eq(FACE_TEMPLATES.USER_ID))
        .where(which)
        .and(FACE_TEMPLATES.MODEL.eq(model))
        .and(ENROLLMENTS.STATUS.eq(EnrollmentStatus.APPROVED))
        .and(USERS.STATUS.eq(UserStatus.ACTIVE))
        .and(USERS.DEACTIVATED_AT.isNull());
  }
}
