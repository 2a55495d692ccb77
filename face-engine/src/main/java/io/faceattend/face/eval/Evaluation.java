package io.faceattend.face.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores analysed photos against their manifest: verification over every pair of {@code single}
 * photos (same identity = genuine, different = impostor; the face each photo would be verified
 * with), detection (face counts of {@code group} photos, faces on {@code no_face} photos), liveness
 * (APCER per attack type on {@code spoof}, BPCER on {@code live} and on the {@code single}
 * portraits). The report is a map for the CLI's JSON.
 */
public final class Evaluation {
  /** Rates reported as "TAR at FAR". */
  static final double[] FAR_POINTS = {1e-3, 1e-4};

  private final Manifest manifest;
  private final Map<String, PhotoAnalysis> analyses;

  /**
   * @param analyses by manifest path
   */
  public Evaluation(Manifest manifest, Map<String, PhotoAnalysis> analyses) {
    this.manifest = manifest;
    this.analyses = analyses;
  }

  /** Genuine and impostor scores over the single photos. */
  public ErrorRates verificationRates() {
    List<Manifest.Row> singles =
        manifest.ofKind(Manifest.SINGLE).stream().filter(r -> !r.identity().equals("-")).toList();
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    for (int i = 0; i < singles.size(); i++) {
      for (int j = i + 1; j < singles.size(); j++) {
        double score = similarity(embedding(singles.get(i)), embedding(singles.get(j)));
        (singles.get(i).identity().equals(singles.get(j).identity()) ? genuine : impostor)
            .add(score);
      }
    }
    return new ErrorRates(
        genuine.stream().mapToDouble(Double::doubleValue).toArray(),
        impostor.stream().mapToDouble(Double::doubleValue).toArray());
  }

  public Map<String, Object> report(double verifyThreshold, double identifyThreshold) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(
        "verification", verification(verificationRates(), verifyThreshold, identifyThreshold));
    report.put("detection", detection());
    report.put("liveness", liveness());
    return report;
  }

  private Map<String, Object> verification(
      ErrorRates rates, double verifyThreshold, double identifyThreshold) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Manifest.Row> singles = manifest.ofKind(Manifest.SINGLE);
    out.put("photos", singles.size());
    out.put("identities", singles.stream().map(Manifest.Row::identity).distinct().count());
    out.put("photos_without_face", singles.stream().filter(r -> embedding(r) == null).count());
    out.put("genuine_pairs", rates.genuinePairs());
    out.put("impostor_pairs", rates.impostorPairs());
    out.put("threshold", verifyThreshold);
    out.put("genuine_accept", rates.genuineAccept(verifyThreshold));
    out.put("impostor_reject", 1 - rates.falseAccept(verifyThreshold));
    out.put("identify_threshold", identifyThreshold);
    out.put("genuine_accept_at_identify_threshold", rates.genuineAccept(identifyThreshold));
    out.put("impostor_reject_at_identify_threshold", 1 - rates.falseAccept(identifyThreshold));
    out.put("eer", rates.equalErrorRate());
    for (double far : FAR_POINTS) {
      String name = far == 1e-3 ? "1e-3" : "1e-4";
      out.put("tar_at_far_" + name, rates.trueAcceptAtFalseAccept(far));
      out.put("threshold_at_far_" + name, rates.thresholdAtFalseAccept(far));
    }
    double[] g = rates.genuineMeanSd();
    double[] i = rates.impostorMeanSd();
    out.put("genuine_mean_sd", List.of(g[0], g[1]));
    out.put("impostor_mean_sd", List.of(i[0], i[1]));
    List<Object> table = new ArrayList<>();
    for (int step = 0; step <= 30; step++) {
      double t = 0.20 + step * 0.02;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("threshold", t);
      row.put("genuine_accept", rates.genuineAccept(t));
      row.put("far", rates.falseAccept(t));
      row.put("far_gaussian", rates.gaussianFalseAccept(t));
      table.add(row);
    }
    out.put("by_threshold", table);
    return out;
  }

  private Map<String, Object> detection() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> groups = new ArrayList<>();
    int exact = 0;
    int expectedTotal = 0;
    int foundTotal = 0;
    for (Manifest.Row row : manifest.ofKind(Manifest.GROUP)) {
      if (row.expectedFaces().isEmpty()) {
        continue;
      }
      int expected = row.expectedFaces().getAsInt();
      int found = faces(row);
      exact += expected == found ? 1 : 0;
      expectedTotal += expected;
      foundTotal += found;
      groups.add(
          new LinkedHashMap<>(Map.of("file", row.path(), "expected", expected, "found", found)));
    }
    out.put("group_photos", groups.size());
    out.put("group_photos_exact", exact);
    out.put("group_faces_expected", expectedTotal);
    out.put("group_faces_found", foundTotal);
    out.put("groups", groups);
    List<Manifest.Row> noFace = manifest.ofKind(Manifest.NO_FACE);
    out.put("no_face_photos", noFace.size());
    out.put("no_face_photos_with_faces", noFace.stream().filter(r -> faces(r) > 0).count());
    out.put("no_face_false_faces", noFace.stream().mapToInt(this::faces).sum());
    List<Manifest.Row> singles = manifest.ofKind(Manifest.SINGLE);
    out.put("single_photos_missed", singles.stream().filter(r -> faces(r) == 0).count());
    out.put("single_photos_extra_faces", singles.stream().filter(r -> faces(r) > 1).count());
    return out;
  }

  private Map<String, Object> liveness() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, int[]> attacks = new TreeMap<>();
    for (Manifest.Row row : manifest.ofKind(Manifest.SPOOF)) {
      PhotoAnalysis.FaceSummary face = verified(row);
      int[] counts = attacks.computeIfAbsent(row.captureType(), k -> new int[2]);
      counts[0]++;
      counts[1] +=
          face != null && face.live() ? 1 : 0; // a spoof with no face found is not accepted
    }
    Map<String, Object> apcer = new LinkedHashMap<>();
    attacks.forEach((type, counts) -> apcer.put(type, rate(counts[1], counts[0])));
    out.put("apcer", apcer);
    Map<String, int[]> bonaFide = new TreeMap<>();
    for (Manifest.Row row : manifest.ofKind(Manifest.LIVE)) {
      count(bonaFide, row.captureType(), verified(row));
    }
    for (Manifest.Row row : manifest.ofKind(Manifest.SINGLE)) {
      count(bonaFide, "portrait", verified(row));
    }
    Map<String, Object> bpcer = new LinkedHashMap<>();
    bonaFide.forEach((type, counts) -> bpcer.put(type, rate(counts[1], counts[0])));
    out.put("bpcer", bpcer);
    return out;
  }

  /** Counts a bona fide face and whether it was rejected (no face found counts as rejected). */
  private static void count(
      Map<String, int[]> counts, String type, PhotoAnalysis.FaceSummary face) {
    int[] c = counts.computeIfAbsent(type, k -> new int[2]);
    c[0]++;
    c[1] += face == null || !face.live() ? 1 : 0;
  }

  private static Map<String, Object> rate(int hits, int total) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samples", total);
    out.put("errors", hits);
    out.put("rate", total == 0 ? Double.NaN : (double) hits / total);
    return out;
  }

  private PhotoAnalysis.FaceSummary verified(Manifest.Row row) {
    PhotoAnalysis analysis = analyses.get(row.path());
    return analysis == null ? null : analysis.verified();
  }

  private int faces(Manifest.Row row) {
    PhotoAnalysis analysis = analyses.get(row.path());
    return analysis == null ? 0 : analysis.faces().size();
  }

  private float[] embedding(Manifest.Row row) {
    PhotoAnalysis.FaceSummary face = verified(row);
    return face == null ? null : face.embedding();
  }

  private static double similarity(float[] a, float[] b) {
    if (a == null || b == null) {
      return ErrorRates.NO_SCORE;
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
