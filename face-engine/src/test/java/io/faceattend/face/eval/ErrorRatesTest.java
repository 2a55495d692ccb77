package io.faceattend.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The verification rates the evaluate command reports, on scores whose answers are known. */
class ErrorRatesTest {
  @Test
  void separatedScoresHaveNoErrors() {
    ErrorRates rates =
        new ErrorRates(new double[] {0.8, 0.7, 0.6}, new double[] {0.1, 0.2, 0.3, 0.0});
    assertThat(rates.equalErrorRate()).isZero();
    assertThat(rates.genuineAccept(0.5)).isEqualTo(1.0);
    assertThat(rates.falseAccept(0.5)).isZero();
    assertThat(rates.thresholdAtFalseAccept(1e-4)).isGreaterThan(0.3).isLessThan(0.3001);
    assertThat(rates.trueAcceptAtFalseAccept(1e-4)).isEqualTo(1.0);
  }

  @Test
  void overlappingScoresCrossAtTheEqualErrorRate() {
    // genuine 0.50..0.95, impostors 0.05..0.45 and one at 0.62: one error each way between 0.5 and
    // 0.62
    double[] genuine = new double[10];
    double[] impostor = new double[10];
    for (int i = 0; i < 10; i++) {
      genuine[i] = 0.5 + i * 0.05;
      impostor[i] = 0.05 + i * 0.05;
    }
    impostor[9] = 0.62;
    ErrorRates rates = new ErrorRates(genuine, impostor);
    assertThat(rates.equalErrorRate()).isCloseTo(0.1, within(1e-9));
    assertThat(rates.falseAccept(0.6)).isCloseTo(0.1, within(1e-9));
    assertThat(rates.genuineAccept(0.6)).isCloseTo(0.8, within(1e-9));
    // FAR 0.1 allows the highest impostor: threshold just above the second highest (0.45)
    assertThat(rates.thresholdAtFalseAccept(0.1)).isGreaterThan(0.45).isLessThan(0.4501);
    assertThat(rates.trueAcceptAtFalseAccept(0.1)).isEqualTo(1.0);
    assertThat(rates.trueAcceptAtFalseAccept(0.01)).isCloseTo(0.7, within(1e-9));
  }

  @Test
  void pairsWithoutAFaceAreRejected() {
    ErrorRates rates = new ErrorRates(new double[] {0.9, ErrorRates.NO_SCORE}, new double[] {0.1});
    assertThat(rates.genuineAccept(0.5)).isEqualTo(0.5);
    assertThat(rates.genuineAccept(-1)).isEqualTo(0.5);
  }

  @Test
  void gaussianTailFollowsTheImpostorSpread() {
    ErrorRates rates = new ErrorRates(new double[] {0.9}, new double[] {-0.1, 0.1, -0.1, 0.1});
    // mean 0, sd 0.1155: 2 sd above the mean leaves about 2.3%
    assertThat(rates.gaussianFalseAccept(2 * 0.11547)).isCloseTo(0.02275, within(2e-4));
  }

  @Test
  void erfcMatchesTabulatedValues() {
    assertThat(ErrorRates.erfc(0)).isCloseTo(1.0, within(1e-7));
    assertThat(ErrorRates.erfc(0.5)).isCloseTo(0.4795001222, within(1e-7));
    assertThat(ErrorRates.erfc(1)).isCloseTo(0.1572992071, within(1e-7));
    assertThat(ErrorRates.erfc(-1)).isCloseTo(1.8427007929, within(1e-7));
    assertThat(ErrorRates.erfc(3)).isCloseTo(2.209049700e-5, within(1e-9));
  }
}
