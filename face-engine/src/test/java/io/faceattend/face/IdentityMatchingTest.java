package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every photo in people/ against every other at the shipped threshold: same identity must match,
 * different identities must not. All failing pairs are listed in one message.
 */
class IdentityMatchingTest {
  private static final Map<String, float[]> EMBEDDINGS = new LinkedHashMap<>();
  private static final Map<String, String> IDENTITY = new LinkedHashMap<>();

  @BeforeAll
  static void embedAll() {
    for (TestPhotos.Entry entry : TestPhotos.ofKind("single")) {
      EMBEDDINGS.put(
          entry.path(), SharedEngine.get().embed(TestPhotos.bytes(entry.path())).embedding());
      IDENTITY.put(entry.path(), entry.identity());
    }
  }

  @Test
  void embeddingsAre512dAndNormalised() {
    for (float[] embedding : EMBEDDINGS.values()) {
      double norm = 0;
      for (float v : embedding) {
        norm += v * v;
      }
      assertThat(embedding).hasSize(512);
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void sameIdentityMatchesAndOthersDoNot() {
    FaceEngine engine = SharedEngine.get();
    List<String> keys = new ArrayList<>(EMBEDDINGS.keySet());
    List<String> failures = new ArrayList<>();
    int genuine = 0;
    int impostor = 0;
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < keys.size(); j++) {
        String a = keys.get(i);
        String b = keys.get(j);
        boolean same = IDENTITY.get(a).equals(IDENTITY.get(b));
        float similarity = engine.similarity(EMBEDDINGS.get(a), EMBEDDINGS.get(b));
        if (same) {
          genuine++;
        } else {
          impostor++;
        }
        if (engine.isMatch(similarity) != same) {
          failures.add(
              String.format(
                  "%s vs %s: %.3f (%s)",
                  a, b, similarity, same ? "should match" : "should not match"));
        }
      }
    }
    assertThat(genuine).isEqualTo(125);
    assertThat(impostor).isEqualTo(2153);
    assertThat(failures).as("pairs on the wrong side of the threshold").isEmpty();
  }
}
