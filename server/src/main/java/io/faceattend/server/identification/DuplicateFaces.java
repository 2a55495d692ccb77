package io.faceattend.server.identification;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.enrollment.DuplicateFinder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Duplicate enrolments: each new template is searched among active people; anyone else reaching the
 * 1:1 match threshold (looser than identification's: this only flags the enrolment for the
 * approver, who decides) is a possible duplicate.
 */
public final class DuplicateFaces implements DuplicateFinder {

  private final DSLContext db;
  private final Identifier identifier;
  private final double matchThreshold;

  public DuplicateFaces(DSLContext db, Identifier identifier, double matchThreshold) {
    this.db = db;
    this.identifier = identifier;
    this.matchThreshold = matchThreshold;
  }

  @Override
  public List<Duplicate> find(long enrollingUserId, List<float[]> templates) {
    Map<Long, Double> best = new LinkedHashMap<>();
    for (float[] template : templates) {
      for (IdentificationIndex.Candidate candidate : identifier.rank(template)) {
        if (candidate.userId() != enrollingUserId && candidate.similarity() >= matchThreshold) {
          best.merge(candidate.userId(), (double) candidate.similarity(), Math::max);
        }
      }
    }
    if (best.isEmpty()) {
      return List.of();
    }
    Map<Long, String> names =
        db.select(USERS.ID, USERS.NAME)
            .from(USERS)
            .where(USERS.ID.in(best.keySet()))
            .fetchMap(r -> r.value1(), r -> r.value2());
    List<Duplicate> found = new ArrayList<>();
    best.forEach(
        (userId, similarity) ->
            found.add(new Duplicate(userId, names.getOrDefault(userId, ""), similarity)));
    found.sort(Comparator.comparingDouble(Duplicate::similarity).reversed());
    return found;
  }
}
