package io.faceattend.server.identification;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.proto.v1.FaceAnalysis;
import io.faceattend.proto.v1.IdentifiedFace;
import io.faceattend.proto.v1.IdentifiedUser;
import io.faceattend.proto.v1.IdentifyResponse;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.face.FaceGate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Identify and bulk verify: every face of every image, each identified by the open-set rule and
 * reported with its box and liveness. Nothing is written and no photo is kept.
 */
public final class FaceIdentification {

  public static final int MAX_IMAGES = 20;
  public static final int DEFAULT_MAX_FACES = 10;
  public static final int MAX_FACES = 50;

  private final DSLContext db;
  private final FaceGate faces;
  private final Identifier identifier;

  public FaceIdentification(DSLContext db, FaceGate faces, Identifier identifier) {
    this.db = db;
    this.faces = faces;
    this.identifier = identifier;
  }

  /**
   * @param threshold the caller's similarity threshold, or null for the deployment's
   */
  public IdentifyResponse identify(List<byte[]> images, int maxFaces, Double threshold) {
    if (images.isEmpty() || images.stream().allMatch(i -> i.length == 0)) {
      throw ApiException.missingField("image");
    }
    if (images.size() > MAX_IMAGES) {
      throw ApiException.invalid("Send at most " + MAX_IMAGES + " images");
    }
    if (maxFaces < 0 || maxFaces > MAX_FACES) {
      throw ApiException.invalid("max_faces must be between 1 and " + MAX_FACES);
    }
    if (threshold != null && (threshold.isNaN() || threshold < -1 || threshold > 1)) {
      throw ApiException.invalid("similarity_threshold must be between -1 and 1");
    }
    int perImage = maxFaces == 0 ? DEFAULT_MAX_FACES : maxFaces;
    double useThreshold = threshold == null ? identifier.threshold() : threshold;

    record Found(int image, FaceAnalysis face, OpenSetDecision.Outcome outcome) {}
    List<Found> found = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i).length == 0) {
        throw ApiException.invalid("Image " + i + " is empty");
      }
      for (FaceAnalysis face : faces.analyzeAll(images.get(i), perImage)) {
        float[] template = new float[face.getEmbeddingCount()];
        for (int d = 0; d < template.length; d++) {
          template[d] = face.getEmbedding(d);
        }
        found.add(new Found(i, face, identifier.identify(template, useThreshold)));
      }
    }
    Set<Long> ids = new HashSet<>();
    found.forEach(f -> f.outcome().userId().ifPresent(ids::add));
    Map<Long, IdentifiedUser> users =
        ids.isEmpty()
            ? Map.of()
            : db.select(USERS.ID, USERS.NAME, USERS.EMPLOYEE_ID)
                .from(USERS)
                .where(USERS.ID.in(ids))
                .fetchMap(
                    r -> r.value1(),
                    r -> {
                      IdentifiedUser.Builder user =
                          IdentifiedUser.newBuilder().setId(r.value1()).setName(r.value2());
                      if (r.value3() != null) {
                        user.setEmployeeId(r.value3());
                      }
                      return user.build();
                    });
    IdentifyResponse.Builder response = IdentifyResponse.newBuilder();
    for (Found f : found) {
      IdentifiedUser user = f.outcome().userId().map(users::get).orElse(null);
      IdentifiedFace.Builder face =
          IdentifiedFace.newBuilder()
              .setImageIndex(f.image())
              .setFace(f.face().getBox())
              .setRecognized(user != null)
              .setSimilarity(f.outcome().bestSimilarity())
              .setIsLive(f.face().getLive())
              .setLivenessScore(f.face().getLivenessScore());
      if (user != null) {
        face.setUser(user);
      }
      response.addResults(face);
    }
    return response.build();
  }
}
