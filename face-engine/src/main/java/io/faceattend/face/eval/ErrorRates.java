package io.faceattend.face.eval;

import java.util.Arrays;

/**
 * Verification error rates from genuine (same person) and impostor (different people) similarity
 * scores. A pair whose photo showed no face scores {@link #NO_SCORE}, below every threshold: it
 * counts as rejected.
 */
public final class ErrorRates {
  /** The score of a pair that could not be compared. */
  public static final double NO_SCORE = -2;

  private final double[] genuine;
  private final double[] impostor;

  public ErrorRates(double[] genuine, double[] impostor) {
    this.genuine = genuine.clone();
    this.impostor = impostor.clone();
    Arrays.sort(this.genuine);
    Arrays.sort(this.impostor);
  }

  public int genuinePairs() {
    return genuine.length;
  }

  public int impostorPairs() {
    return impostor.length;
  }

  /** Fraction of genuine pairs scoring at least {@code threshold}. */
  public double genuineAccept(double threshold) {
    return genuine.length == 0 ? Double.NaN : (double) atLeast(genuine, threshold) / genuine.length;
  }

  /** Fraction of impostor pairs scoring at least {@code threshold} (false accept rate). */
  public double falseAccept(double threshold) {
    return impostor.length == 0
        ? Double.NaN
        : (double) atLeast(impostor, threshold) / impostor.length;
  }

  /**
   * Equal error rate: over every threshold at a score, the point where false accept and false
   * reject rates cross, taken as the mean of the two where their difference is smallest.
   */
  public double equalErrorRate() {
    double best = Double.NaN;
    double bestGap = Double.POSITIVE_INFINITY;
    for (double threshold : candidates()) {
      double far = falseAccept(threshold);
      double frr = 1 - genuineAccept(threshold);
      double gap = Math.abs(far - frr);
      if (gap < bestGap) {
        bestGap = gap;
        best = (far + frr) / 2;
      }
    }
    return best;
  }

  /**
   * The lowest threshold whose false accept rate is at most {@code far}: just above the impostor
   * score that would push it over. With fewer than 1/far impostor pairs this is just above the
   * highest impostor.
   */
  public double thresholdAtFalseAccept(double far) {
    int allowed = (int) Math.floor(far * impostor.length);
    if (impostor.length == 0) {
      return Double.NaN;
    }
    double edge = impostor[impostor.length - 1 - Math.min(allowed, impostor.length - 1)];
    return Math.nextUp(edge);
  }

  /** Genuine accept rate at the threshold {@link #thresholdAtFalseAccept(double)}. */
  public double trueAcceptAtFalseAccept(double far) {
    return genuineAccept(thresholdAtFalseAccept(far));
  }

  /** Mean and standard deviation of the impostor scores (comparable pairs only). */
  public double[] impostorMeanSd() {
    return meanSd(impostor);
  }

  public double[] genuineMeanSd() {
    return meanSd(genuine);
  }

  /**
   * False accept rate expected from a normal curve fitted to the impostor scores: a guide beyond
   * the resolution of the measured pairs (the real tail is usually heavier).
   */
  public double gaussianFalseAccept(double threshold) {
    double[] ms = impostorMeanSd();
    return 0.5 * erfc((threshold - ms[0]) / (ms[1] * Math.sqrt(2)));
  }

  /** ROC points (false accept, genuine accept), one per distinct score, from strict to lenient. */
  public double[][] curve() {
    double[] thresholds = candidates();
    double[][] points = new double[thresholds.length][];
    for (int i = 0; i < thresholds.length; i++) {
      points[i] = new double[] {falseAccept(thresholds[i]), genuineAccept(thresholds[i])};
    }
    return points;
  }

  /** Every distinct score (and +infinity, accepting nothing) as a threshold, highest first. */
  private double[] candidates() {
    double[] all = new double[genuine.length + impostor.length + 1];
    System.arraycopy(genuine, 0, all, 0, genuine.length);
    System.arraycopy(impostor, 0, all, genuine.length, impostor.length);
    all[all.length - 1] = Double.POSITIVE_INFINITY;
    double[] ascending = Arrays.stream(all).sorted().distinct().toArray();
    double[] descending = new double[ascending.length];
    for (int i = 0; i < ascending.length; i++) {
      descending[i] = ascending[ascending.length - 1 - i];
    }
    return descending;
  }

  private static int atLeast(double[] sorted, double threshold) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < threshold) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return sorted.length - low;
  }

  private static double[] meanSd(double[] scores) {
    double[] valid = Arrays.stream(scores).filter(s -> s > NO_SCORE).toArray();
    double mean = Arrays.stream(valid).average().orElse(Double.NaN);
    double variance =
        Arrays.stream(valid).map(s -> (s - mean) * (s - mean)).sum()
            / Math.max(1, valid.length - 1);
    return new double[] {mean, Math.sqrt(variance)};
  }

  /** Numerical Recipes' erfcc coefficients, lowest power of t first. */
  private static final double[] ERFC_COEFFICIENTS = {
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277
  };

  /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double polynomial = 0;
    for (int i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) {
      polynomial = ERFC_COEFFICIENTS[i] + t * polynomial;
    }
    double r = t * Math.exp(-z * z + polynomial);
    return x >= 0 ? r : 2 - r;
  }
}
