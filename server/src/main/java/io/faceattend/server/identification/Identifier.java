package io.faceattend.server.identification;

import java.util.List;

/**
 * "Who is this?" for a face template: the index's people ranked, then the open-set decision. Before
 * searching it applies any change other nodes (or this one) committed, so an approval is seen at
 * once by the next search.
 */
public final class Identifier {

  /**
   * People ranked per search: the best and enough runners-up for the margin and for duplicate
   * reports.
   */
  static final int RANKED_PEOPLE = 5;

  private final GallerySync sync;
  private final OpenSetDecision decision;

  public Identifier(GallerySync sync, IdentificationSettings settings) {
    this.sync = sync;
    this.decision = new OpenSetDecision(settings.threshold(), settings.margin());
  }

  /** The decision at the deployment's threshold. */
  public OpenSetDecision.Outcome identify(float[] template) {
    return decision.decide(rank(template));
  }

  /** The decision at another threshold (a caller's similarity_threshold); the margin stays. */
  public OpenSetDecision.Outcome identify(float[] template, double threshold) {
    return decision.decide(rank(template), threshold);
  }

  /** Up to {@link #RANKED_PEOPLE} people most similar to the template, best first. */
  public List<IdentificationIndex.Candidate> rank(float[] template) {
    sync.catchUp();
    return sync.index().search(template, RANKED_PEOPLE);
  }

  public double threshold() {
    return decision.threshold();
  }
}
