package io.faceattend.server.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index on generated people: the scan of binary codes with exact re-ranking finds what brute
 * force finds, ranks people by their best template, breaks ties the same way everywhere, and
 * follows additions and removals (rows move on removal).
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

  /**
   * A person's centre in a random 90-dimensional subspace (plus a little isotropic spread), as real
   * templates are: unrelated people then have cosines of about 0 +- 0.1 (not the +- 0.044 of
   * isotropic 512-d vectors), which is what makes the coarse codes' job hard.
   */
  private static final class LowRank {
    private final float[][] basis = new float[90][];

    LowRank(Random random) {
      for (int k = 0; k < basis.length; k++) {
        basis[k] = unit(random);
      }
    }

    float[] centre(Random random) {
      float[] v = new float[DIM];
      for (float[] direction : basis) {
        float g = (float) random.nextGaussian();
        for (int i = 0; i < DIM; i++) {
          v[i] += g * direction[i];
        }
      }
      v = TemplateVectors.normalised(v);
      float[] spread = unit(random);
      for (int i = 0; i < DIM; i++) {
        v[i] = 0.95f * v[i] + 0.31f * spread[i];
      }
      return TemplateVectors.normalised(v);
    }
  }

  @Test
  void theScanFindsWhatBruteForceFinds() {
    Random random = new Random(7);
    LowRank people = new LowRank(random);
    Map<Long, float[]> centres = new HashMap<>();
    Map<Long, List<float[]>> gallery = new HashMap<>();
    for (long id = 1; id <= 10_000; id++) {
      float[] centre = people.centre(random);
      centres.put(id, centre);
      gallery.put(id, List.of(sample(centre, random)));
    }
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT);
    assertThat(index.people()).isEqualTo(10_000);
    assertThat(index.templates()).isEqualTo(10_000);
    int agree = 0;
    int probes = 300;
    for (long id = 1; id <= probes; id++) {
      float[] probe = sample(centres.get(id), random);
      List<IdentificationIndex.Candidate> found = index.search(probe, 5);
      List<IdentificationIndex.Candidate> exact = index.exactSearch(probe, 5);
      if (found.get(0).userId() == exact.get(0).userId()) {
        agree++;
        // re-ranked exactly: the same similarity as brute force (half-precision rows on both sides)
        assertThat(found.get(0).similarity()).isEqualTo(exact.get(0).similarity());
      }
      assertThat(found).hasSize(5);
      assertThat(found.get(0).similarity()).isGreaterThanOrEqualTo(found.get(1).similarity());
    }
    assertThat(agree)
        .as("recall@1 of the scan against brute force")
        .isGreaterThanOrEqualTo(probes * 995 / 1000);

    // a small shortlist and a 128-bit coarse scan (the generic loop): the cascade really cuts, and
    // still finds the same people
    IdentificationIndex tight =
        IdentificationIndex.build(
            gallery, DIM, new IdentificationIndex.Settings(512, 128, 300, 30));
    int tightAgree = 0;
    for (long id = 1; id <= probes; id++) {
      float[] probe = sample(centres.get(id), random);
      if (tight.search(probe, 1).get(0).userId() == index.exactSearch(probe, 1).get(0).userId()) {
        tightAgree++;
      }
    }
    assertThat(tightAgree).isGreaterThanOrEqualTo(probes * 99 / 100);

    // the four-stage cascade: 128 coarse bits keep 1,500, the whole code's Hamming distance 300,
    // its asymmetric score 30, re-ranked exactly
    IdentificationIndex staged =
        IdentificationIndex.build(
            gallery, DIM, new IdentificationIndex.Settings(512, 128, 1500, 300, 30));
    int stagedAgree = 0;
    for (long id = 1; id <= probes; id++) {
      float[] probe = sample(centres.get(id), random);
      if (staged.search(probe, 1).get(0).userId() == index.exactSearch(probe, 1).get(0).userId()) {
        stagedAgree++;
      }
    }
    assertThat(stagedAgree).isGreaterThanOrEqualTo(probes * 99 / 100);
  }

  /**
   * A partitioned index (here from 50,000 templates; shipped from {@link
   * IdentificationIndex#PARTITION_MIN_TEMPLATES}), whose searches scan the nearest cells: it still
   * finds what brute force finds, follows people added, re-enrolled and removed after the build
   * (rows moving between cells' entries), and the cells really restrict the scan (a tiny share
   * misses people the whole scan finds).
   */
  @Test
  void aPartitionedIndexFindsWhatBruteForceFindsAndFollowsUpdates() {
    Random random = new Random(37);
    LowRank people = new LowRank(random);
    int size = 55_000;
    Map<Long, float[]> centres = new HashMap<>();
    Map<Long, List<float[]>> gallery = new HashMap<>();
    for (long id = 1; id <= size; id++) {
      float[] centre = people.centre(random);
      centres.put(id, centre);
      gallery.put(id, List.of(sample(centre, random)));
    }
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT, 50_000);
    int probes = 300;
    int agree = 0;
    int agreeTiny = 0;
    var tiny = IdentificationIndex.Settings.DEFAULT.withProbed(0.005);
    for (long id = 1; id <= probes; id++) {
      float[] probe = sample(centres.get(id), random);
      long exact = index.exactSearch(probe, 1).get(0).userId();
      if (index.search(probe, 5).get(0).userId() == exact) {
        agree++;
      }
      if (index.search(probe, 1, tiny).get(0).userId() == exact) {
        agreeTiny++;
      }
    }
    assertThat(agree).as("recall@1 of the nearest cells").isGreaterThanOrEqualTo(probes * 99 / 100);
    assertThat(agreeTiny).as("recall@1 of 0.5 % of the templates").isLessThan(agree);

    // after the build: new people join their nearest cells, removals move rows
    for (long id = size + 1; id <= size + 200; id++) {
      float[] centre = people.centre(random);
      centres.put(id, centre);
      index.put(id, List.of(sample(centre, random), sample(centre, random)));
    }
    Set<Long> removed = new HashSet<>();
    for (long id = 1; id <= size + 200; id += 1 + random.nextInt(40)) {
      index.remove(id);
      removed.add(id);
    }
    float[] reEnrolled = people.centre(random);
    index.put(2, List.of(sample(reEnrolled, random)));
    removed.remove(2L);
    centres.put(2L, reEnrolled);
    assertThat(index.templates())
        .isEqualTo(size + 400 - removed.size() - countAbove(removed, size));
    int found = 0;
    int checked = 0;
    for (long id = size + 1; id <= size + 200; id++) {
      List<IdentificationIndex.Candidate> top = index.search(sample(centres.get(id), random), 3);
      assertThat(top)
          .extracting(IdentificationIndex.Candidate::userId)
          .doesNotContainAnyElementsOf(removed);
      if (!removed.contains(id)) {
        checked++;
        if (top.get(0).userId() == id) {
          found++;
        }
      }
    }
    assertThat(found).isGreaterThanOrEqualTo(checked * 98 / 100);
    assertThat(index.search(sample(reEnrolled, random), 1).get(0).userId()).isEqualTo(2);
  }

  /** Removed people added after the build (two templates each rather than one). */
  private static long countAbove(Set<Long> removed, int size) {
    return removed.stream().filter(id -> id > size).count();
  }

  /**
   * The scan reads several cells (or quarters of the only one) side by side and finishes the last
   * ones alone: with every stage as large as the gallery, every person must come back, whatever the
   * cells' sizes and however the rows split into streams.
   */
  @Test
  void theScanReadsEveryRowOfTheProbedCells() {
    Random random = new Random(41);
    for (int size : new int[] {1, 3, 7, 1_003, 2_601}) {
      Map<Long, List<float[]>> gallery = new HashMap<>();
      for (long id = 1; id <= size; id++) {
        gallery.put(id, List.of(unit(random)));
      }
      IdentificationIndex.Settings everything =
          new IdentificationIndex.Settings(512, 256, size, size, size, 1);
      // 2,601 templates partitioned from 1,000: 5 cells of uneven sizes
      IdentificationIndex index = IdentificationIndex.build(gallery, DIM, everything, 1_000);
      List<IdentificationIndex.Candidate> found = index.search(unit(random), size);
      assertThat(found).as("%d people", size).hasSize(size);
      assertThat(found.stream().map(IdentificationIndex.Candidate::userId).distinct())
          .hasSize(size);
    }
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
    index.remove(7); // absent: nothing happens
    index.remove(12_345);

    // re-enrolled with another face: the old one is gone, the new one is found
    float[] newFace = unit(random);
    index.put(8, List.of(sample(newFace, random)));
    assertThat(index.search(sample(newFace, random), 5).get(0).userId()).isEqualTo(8);
    assertThat(index.search(sample(centres.get(8), random), 5).get(0).similarity())
        .isLessThan(0.4f);
    assertThat(index.people()).isEqualTo(49);
    assertThat(index.templates()).isEqualTo(49);

    // re-enrolment with no template takes the person out
    index.put(9, List.of());
    assertThat(index.contains(9)).isFalse();
    assertThat(index.people()).isEqualTo(48);
  }

  /**
   * Removals move the last rows into the holes: after removing many people with several templates
   * each (from a built index and from added people), everybody left is still found with their exact
   * best similarity, and nobody removed comes back.
   */
  @Test
  void removalsKeepEveryoneElseIntact() {
    Random random = new Random(17);
    Map<Long, float[]> centres = new HashMap<>();
    Map<Long, List<float[]>> gallery = new HashMap<>();
    for (long id = 0; id < 600; id++) {
      float[] centre = unit(random);
      centres.put(id, centre);
      int templates = 1 + (int) (id % 3);
      List<float[]> mine = new ArrayList<>();
      for (int t = 0; t < templates; t++) {
        mine.add(sample(centre, random));
      }
      gallery.put(id, mine);
    }
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT);
    for (long id = 600; id < 800; id++) {
      float[] centre = unit(random);
      centres.put(id, centre);
      index.put(id, List.of(sample(centre, random), sample(centre, random)));
    }
    Set<Long> removed = new HashSet<>();
    for (long id = 0; id < 800; id += 1 + random.nextInt(3)) {
      index.remove(id);
      removed.add(id);
    }
    int expectedTemplates = 0;
    for (long id = 0; id < 800; id++) {
      if (!removed.contains(id)) {
        expectedTemplates += id < 600 ? 1 + (int) (id % 3) : 2;
      }
    }
    assertThat(index.people()).isEqualTo(800 - removed.size());
    assertThat(index.templates()).isEqualTo(expectedTemplates);
    for (var person : centres.entrySet()) {
      float[] probe = sample(person.getValue(), random);
      List<IdentificationIndex.Candidate> found = index.search(probe, 3);
      assertThat(found)
          .extracting(IdentificationIndex.Candidate::userId)
          .doesNotContainAnyElementsOf(removed);
      if (!removed.contains(person.getKey())) {
        assertThat(found.get(0).userId()).isEqualTo(person.getKey());
        assertThat(found.get(0).similarity())
            .isEqualTo(index.exactSearch(probe, 1).get(0).similarity());
      }
    }
  }

  @Test
  void aPersonIsRankedOnceByTheirBestTemplate() {
    Random random = new Random(19);
    float[] face = unit(random);
    float[] far = unit(random);
    float[] farther = unit(random);
    Map<Long, List<float[]>> gallery = new HashMap<>();
    // person 1: two templates unlike the probe and one close to it
    gallery.put(1L, List.of(far, sample(face, random), farther));
    for (long id = 2; id <= 200; id++) {
      gallery.put(id, List.of(unit(random), unit(random)));
    }
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT);
    float[] probe = sample(face, random);
    List<IdentificationIndex.Candidate> found = index.search(probe, 10);
    assertThat(found.get(0).userId()).isEqualTo(1);
    float best = 0;
    for (float[] template : gallery.get(1L)) {
      best = Math.max(best, dot(probe, template));
    }
    assertThat(found.get(0).similarity())
        .isCloseTo(best, org.assertj.core.data.Offset.offset(2e-3f));
    assertThat(found).extracting(IdentificationIndex.Candidate::userId).doesNotHaveDuplicates();
    assertThat(found).hasSize(10);
  }

  @Test
  void equalSimilaritiesRankInUserIdOrder() {
    Random random = new Random(23);
    float[] face = unit(random);
    Map<Long, List<float[]>> gallery = new HashMap<>();
    gallery.put(42L, List.of(face));
    gallery.put(7L, List.of(face.clone()));
    gallery.put(99L, List.of(face.clone()));
    for (long id = 1000; id < 1100; id++) {
      gallery.put(id, List.of(unit(random)));
    }
    IdentificationIndex index =
        IdentificationIndex.build(gallery, DIM, IdentificationIndex.Settings.DEFAULT);
    List<IdentificationIndex.Candidate> found = index.search(sample(face, random), 3);
    assertThat(found)
        .extracting(IdentificationIndex.Candidate::userId)
        .containsExactly(7L, 42L, 99L);
    assertThat(found.get(0).similarity()).isEqualTo(found.get(2).similarity());
  }

  @Test
  void anEmptyIndexAnswersNobody() {
    IdentificationIndex index =
        IdentificationIndex.build(Map.of(), DIM, IdentificationIndex.Settings.DEFAULT);
    float[] probe = unit(new Random(29));
    assertThat(index.search(probe, 5)).isEmpty();
    assertThat(index.exactSearch(probe, 5)).isEmpty();
    assertThat(index.people()).isZero();
    index.put(1, List.of(probe));
    assertThat(index.search(probe, 5))
        .extracting(IdentificationIndex.Candidate::userId)
        .containsExactly(1L);
    index.remove(1);
    assertThat(index.search(probe, 5)).isEmpty();
    assertThat(index.templates()).isZero();
  }

  @Test
  void refusesTemplatesOfAnotherDimensionAndBadSettings() {
    IdentificationIndex index =
        IdentificationIndex.build(Map.of(), DIM, IdentificationIndex.Settings.DEFAULT);
    assertThatThrownBy(() -> index.put(1, List.of(new float[128])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(index.contains(1)).isFalse();
    assertThatThrownBy(() -> new IdentificationIndex.Settings(100, 64, 10, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdentificationIndex.Settings(512, 256, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdentificationIndex.Settings(256, 512, 10, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdentificationIndex.Settings(512, 256, 10, 20))
        .as("fewer shortlisted than re-ranked")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdentificationIndex.Settings(512, 256, 100, 200, 20))
        .as("fewer scanned than shortlisted")
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Each bit differs with probability angle / pi, so the Hamming distance tracks the angle. */
  @Test
  void codesEstimateTheAngle() {
    SignCodes signs = new SignCodes(DIM, 512);
    Random random = new Random(31);
    float[] v = unit(random);
    float[] minus = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      minus[i] = -v[i];
    }
    assertThat(hamming(signs, v, v)).isZero();
    assertThat(hamming(signs, v, minus)).isEqualTo(512);
    double worst = 0;
    for (double cosine : new double[] {0.9, 0.7, 0.5, 0.2, 0.0}) {
      double sum = 0;
      int pairs = 200;
      for (int p = 0; p < pairs; p++) {
        float[] a = unit(random);
        float[] noise = unit(random);
        // b at the given cosine to a: a * c + (noise orthogonalised against a) * sqrt(1 - c^2)
        float along = dot(noise, a);
        float[] b = new float[DIM];
        for (int i = 0; i < DIM; i++) {
          b[i] = noise[i] - along * a[i];
        }
        b = TemplateVectors.normalised(b);
        for (int i = 0; i < DIM; i++) {
          b[i] = (float) (cosine * a[i] + Math.sqrt(1 - cosine * cosine) * b[i]);
        }
        sum += hamming(signs, a, b) / 512.0;
      }
      worst = Math.max(worst, Math.abs(sum / pairs - Math.acos(cosine) / Math.PI));
    }
    assertThat(worst).isLessThan(0.01);
  }

  private static int hamming(SignCodes signs, float[] a, float[] b) {
    long[] ca = new long[signs.words()];
    long[] cb = new long[signs.words()];
    signs.encode(a, ca, 0);
    signs.encode(b, cb, 0);
    int d = 0;
    for (int w = 0; w < ca.length; w++) {
      d += Long.bitCount(ca[w] ^ cb[w]);
    }
    return d;
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
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
