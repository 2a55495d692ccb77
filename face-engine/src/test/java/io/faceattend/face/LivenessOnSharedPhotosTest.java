package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Presentation attacks in spoof/ are flagged; genuine captures in live/ pass. */
class LivenessOnSharedPhotosTest {
  /**
   * Live samples the shipped model rejects: tight 200-250 px face crops from a research data set,
   * with none of the surroundings the model's 2.7x crop is trained on (docs/face-engine.md, "Known
   * limitations"). The test asserts the documented outcome so a change in it is noticed.
   */
  private static final Set<String> KNOWN_FALSE_REJECTS =
      Set.of("live/nuaa_0001_client_a.jpg", "live/nuaa_0001_client_b.jpg");

  static Stream<String> spoofs() {
    return TestPhotos.ofKind("spoof").stream().map(TestPhotos.Entry::path);
  }

  static Stream<String> lives() {
    return TestPhotos.ofKind("live").stream().map(TestPhotos.Entry::path);
  }

  @ParameterizedTest(name = "{0} is flagged")
  @MethodSource("spoofs")
  void spoofIsFlagged(String path) {
    Face face = largest(path);
    assertThat(face.liveness().live())
        .as("%s liveness %.3f", path, face.liveness().score())
        .isFalse();
  }

  @ParameterizedTest(name = "{0} passes")
  @MethodSource("lives")
  void liveSamplePasses(String path) {
    Face face = largest(path);
    boolean expected = !KNOWN_FALSE_REJECTS.contains(path);
    assertThat(face.liveness().live())
        .as(
            "%s liveness %.3f%s",
            path,
            face.liveness().score(),
            expected ? "" : " (known false reject, see docs/face-engine.md)")
        .isEqualTo(expected);
  }

  private static Face largest(String path) {
    AnalysisResult result =
        SharedEngine.get().analyze(TestPhotos.bytes(path), AnalyzeOptions.DEFAULT);
    assertThat(result.faces()).as(path).isNotEmpty();
    return result.faces().get(0);
  }
}
