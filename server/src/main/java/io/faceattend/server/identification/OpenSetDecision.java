package io.faceattend.server.identification;

import java.util.List;
import java.util.Optional;

/**
 * The open-set rule: a probe is somebody only if the best person reaches the threshold AND beats
 * the second-best person by the margin. Everyone else (a visitor, a person never enrolled, one of
 * two look-alikes) is unknown.
 */
public record OpenSetDecision(double threshold, double margin) {

  /** The decision with the scores behind it; {@code userId} is empty for an unknown face. */
  public record Outcome(Optional<Long> userId, double bestSimilarity, double secondSimilarity) {
    public boolean recognized() {
      return userId.isPresent();
    }
  }

  /**
   * @param ranked people best first, as {@link IdentificationIndex#search} returns them
   */
  public Outcome decide(List<IdentificationIndex.Candidate> ranked) {
    return decide(ranked, threshold);
  }

  /** The same rule with a caller's own (stricter or looser) threshold. */
  public Outcome decide(List<IdentificationIndex.Candidate> ranked, double thresholdToUse) {
    if (ranked.isEmpty()) {
      return new Outcome(Optional.empty(), -1, -1);
    }
    double best = ranked.get(0).similarity();
    double second = ranked.size() > 1 ? ranked.get(1).similarity() : -1;
    boolean match = best >= thresholdToUse && best - second >= margin;
    return new Outcome(
        match ? Optional.of(ranked.get(0).userId()) : Optional.empty(), best, second);
  }
}
