package io.faceattend.face;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine shared by several threads gives the same answers as one thread. */
class ConcurrencyTest {
  private static final List<String> PHOTOS =
      List.of(
          "people/barack_obama/1.jpg",
          "people/katy_perry/5.jpg",
          "groups/compreface_012_4.jpg",
          "people/rob_lowe/1.jpg");

  @Test
  void parallelCallsGiveSequentialResults() throws Exception {
    FaceEngine engine = SharedEngine.get();
    List<float[]> expected = new ArrayList<>();
    for (String photo : PHOTOS) {
      expected.add(engine.embed(TestPhotos.bytes(photo)).embedding());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String photo : PHOTOS) {
          results.add(pool.submit(() -> engine.embed(TestPhotos.bytes(photo)).embedding()));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).containsExactly(expected.get(i % PHOTOS.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
