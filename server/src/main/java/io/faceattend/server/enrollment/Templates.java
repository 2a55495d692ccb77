package io.faceattend.server.enrollment;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;

import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.server.security.TemplateCipher;
import java.util.List;
import org.jooq.DSLContext;

/** The face templates a user is matched against: those of their approved enrolment, decrypted. */
public final class Templates {

  private final DSLContext db;
  private final TemplateCipher cipher;

  public Templates(DSLContext db, TemplateCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  public List<float[]> approvedOf(long userId) {
    return db
        .select(FACE_TEMPLATES.CIPHERTEXT)
        .from(FACE_TEMPLATES)
        .join(ENROLLMENTS)
        .on(ENROLLMENTS.ID.eq(FACE_TEMPLATES.ENROLLMENT_ID))
        .where(FACE_TEMPLATES.USER_ID.eq(userId))
        .and(ENROLLMENTS.STATUS.eq(EnrollmentStatus.APPROVED))
        .fetch(FACE_TEMPLATES.CIPHERTEXT)
        .stream()
        .map(ciphertext -> cipher.decryptEmbedding(ciphertext, Enrollments.templateOwner(userId)))
        .toList();
  }
}
