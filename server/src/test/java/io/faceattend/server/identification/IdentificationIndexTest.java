package io.faceattend.server.identification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index on synthetic people (a random centre on the 512-d sphere each; templates and probes are
 * the centre plus noise, giving genuine cosines around 0.7 and impostor cosines around 0): the
 * graph finds what brute force finds, also for people unlike the rest of the gallery, and follows
 * additions and removals.
 */
class IdentificationIndexTest {

  private static final int DIM = 512;

  private static float[] unit(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return TemplateVectors.normalised(v);
  }

  /**
   * centre + noise with cos(centre, result) about 0.84, so two samples of one person have cosine
   * about 0.7.
   */
  private static float[] sample(float[] centre, Random random) {
    float[] noise = unit(random);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = 0.84f * centre[i] + 0.54f * noise[i];
    }
    return TemplateVectors.normalised(v);
  }

  private static void assertFindsEveryone(int people, IdentificationIndex.Settings settings) {
    Random random = new Random(7);
    Map<Long, float[]> centres = new HashMap<>();
    Map<Long, List<float[]>> gallery = new HashMap<>();
    for (long id = 1; id <= people; id++) {
      float[] centre = unit(random);
      centres.put(id, centre);
      gallery.put(id, List.of(sample(centre, random), sample(centre, random)));
    }
    IdentificationIndex index = IdentificationIndex.build(gallery, DIM, settings);
    assertThat(index.people()).isEqualTo(people);
    int agree = 0;
    int probes = 300;
    for (long id = 1; id <= probes; id++) {
      float[] probe = sample(centres.get(id), random);
      List<IdentificationIndex.Candidate> found = index.search(probe, 5);
      List<IdentificationIndex.Candidate> exact = index.exactSearch(probe, 5);
      assertThat(exact.get(0).userId()).isEqualTo(id);
      if (found.get(0).userId() == exact.get(0).userId()) {
        agree++;
        // re-ranked exactly: the same similarity as brute force (half-precision rows on both sides)
        assertThat(found.get(0).similarity()).isEqualTo(exact.get(0).similarity());
      }
      assertThat(found.get(0).similarity()).isGreaterThan(found.get(1).similarity());
    }
    assertThat(agree)
        .as("recall@1 of the graph against brute force")
        .isGreaterThanOrEqualTo(probes * 995 / 1000);
  }

  @Test
  void theGraphFindsWhatBruteForceFinds() {
    assertFindsEveryone(3000, IdentificationIndex.Settings.DEFAULT);
  }

  /**
   * Real faces share a mean direction the synthetic ones lack: a few people drawn around a common
   * offset, among thousands drawn around none, must still be found (a product quantiser trained on
   * the many missed them: docs/benchmarks.md).
   */
  @Test
  void peopleUnlikeTheRestOfTheGalleryAreFound() {
    Random random = new Random(13);
    float[] common = unit(random);
    Map<Long, List<float[]>> gallery = new HashMap<>();
    for (long id = 1; id <= 5000; id++) {
      float[] centre = unit(random);
      gallery.put(id, List.of(sample(centre, random), sample(centre, random)));
    }
    Map<Long, float[]> unlike = new HashMap<>();
    for (long id = 100_001; id <= 100_050; id++) {
      float[] own = unit(random);
      float[] centre = new float[DIM];
      for (int i = 0; i < DIM; i++) {
        centre[i] = 0.6f * common[i] + 0.8f * own[i];
      }
      centre = TemplateVectors.normalised(centre);
      unlike.put(id, centre);
      gallery.put(id, List.of(sample(centre, random), sample(centre, random)));
    }
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT);
    int found = 0;
    for (var person : unlike.entrySet()) {
      float[] probe = sample(person.getValue(), random);
      if (index.search(probe, 5).get(0).userId() == person.getKey()) {
        found++;
      }
    }
    assertThat(found).isEqualTo(unlike.size());
  }

  @Test
  void followsEnrolmentsRemovalsAndReEnrolments() {
    Random random = new Random(11);
    IdentificationIndex index =
        IdentificationIndex.build(Map.of(), DIM, IdentificationIndex.Settings.DEFAULT);
    assertThat(index.search(unit(random), 5)).isEmpty();
    List<float[]> centres = new ArrayList<>();
    for (long id = 0; id < 50; id++) {
      float[] centre = unit(random);
      centres.add(centre);
      index.put(id, List.of(sample(centre, random)));
    }
    assertThat(index.search(sample(centres.get(7), random), 5).get(0).userId()).isEqualTo(7);

    index.remove(7);
    assertThat(index.contains(7)).isFalse();
    assertThat(index.search(sample(centres.get(7), random), 5))
        .extracting(IdentificationIndex.Candidate::userId)
        .doesNotContain(7L);

    // re-enrolled with another face: the old one is gone, the new one is found
    float[] newFace = unit(random);
    index.put(8, List.of(sample(newFace, random)));
    assertThat(index.search(sample(newFace, random), 5).get(0).userId()).isEqualTo(8);
    assertThat(index.search(sample(centres.get(8), random), 5).get(0).similarity())
        .isLessThan(0.4f);
    assertThat(index.people()).isEqualTo(49);
  }

  @Test
  void openSetDecisionNeedsTheThresholdAndTheMarginToTheSecondPerson() {
    OpenSetDecision decision = new OpenSetDecision(0.5, 0.05);
    assertThat(
            decision
                .decide(
                    List.of(
                        new IdentificationIndex.Candidate(1, 0.7f),
                        new IdentificationIndex.Candidate(2, 0.2f)))
                .userId())
        .contains(1L);
    assertThat(decision.decide(List.of(new IdentificationIndex.Candidate(1, 0.45f))).recognized())
        .as("below the threshold")
        .isFalse();
    assertThat(
            decision
                .decide(
                    List.of(
                        new IdentificationIndex.Candidate(1, 0.7f),
                        new IdentificationIndex.Candidate(2, 0.68f)))
                .recognized())
        .as("two look-alikes")
        .isFalse();
    assertThat(decision.decide(List.of()).recognized()).isFalse();
  }
}
