package io.faceattend.face.pipeline;

import io.faceattend.face.FaceBox;
import io.faceattend.face.model.OnnxModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * fr_detect (UltraFace RFB-320): 1x3x240x320 RGB, (v-127)/128 -> scores[1,4420,2], boxes[1,4420,4].
 * The boxes output is already decoded to normalised x1,y1,x2,y2 (the package's JS builds priors but
 * then uses the raw output), so boxes are only scaled and clamped. Non-maximum suppression by IoU
 * follows.
 *
 * <p>A 320x240 view of a large photo loses small faces; {@link #detectInTiles} is the second pass
 * for those.
 */
public record FaceDetector(OnnxModel model, float scoreThreshold, float nmsThreshold) {
  static final int INPUT_WIDTH = 320;
  static final int INPUT_HEIGHT = 240;
  private static final float[] MEAN = {127f, 127f, 127f};
  private static final float[] SCALE = {1 / 128f, 1 / 128f, 1 / 128f};

  /**
   * A tile detection this close (fraction of the box) to an inner tile edge is a cut face: drop it.
   */
  private static final float EDGE_MARGIN = 0.05f;

  /** Lowest score the second look reports (below it a region counts as showing no face). */
  private static final float SECOND_LOOK_MIN_SCORE = 0.3f;

  static final int TILE_WIDTH = 960;
  static final int TILE_HEIGHT = 720;

  /** Faces in the whole image seen at 320x240, best first. */
  public List<Detection> detect(Mat bgr) {
    return detect(bgr, scoreThreshold);
  }

  /** Faces in the whole image seen at 320x240 scoring at least {@code minScore}, best first. */
  public List<Detection> detect(Mat bgr, float minScore) {
    return nms(detectIn(bgr, new Rect(0, 0, bgr.cols(), bgr.rows()), minScore));
  }

  /**
   * Second pass for small faces in large images: overlapping tiles of about {@value #TILE_WIDTH}x
   * {@value #TILE_HEIGHT} pixels, each seen at 320x240 (three times the whole-image magnification
   * of a 2880-wide photo). Detections cut by a tile edge are dropped; a face seen by two tiles is
   * kept once.
   */
  public List<Detection> detectInTiles(Mat bgr, float minScore) {
    int width = bgr.cols();
    int height = bgr.rows();
    if (width < TILE_WIDTH * 3 / 2 && height < TILE_HEIGHT * 3 / 2) {
      return List.of(); // the whole-image view already magnifies as much as a tile would
    }
    List<Detection> tiled = new ArrayList<>();
    for (Rect tile : tiles(width, height)) {
      for (Detection detection : detectIn(bgr, tile, minScore)) {
        if (!touchesInnerEdge(detection.box(), tile, width, height)) {
          tiled.add(detection);
        }
      }
      tile.close();
    }
    return merge(nms(tiled));
  }

  /**
   * A second look at a candidate at another scale: the region around it (2.2x its larger side, in
   * the detector's 4:3 shape) seen at 320x240, so the face fills about a third of the view instead
   * of whatever it filled before. Returns the best score of a detection there overlapping the
   * candidate (IoU > 0.3), 0 when none. Real faces keep their score (>= 0.99 on the shared photos);
   * textures that looked like a face at one scale mostly do not (a painted lake 0.89 -> 0).
   */
  public float secondLook(Mat bgr, FaceBox candidate) {
    float width = Math.max(candidate.width(), candidate.height()) * 2.2f;
    float height = width * INPUT_HEIGHT / INPUT_WIDTH;
    float best = 0;
    try (Rect region =
        ImageOps.clampedRect(
            candidate.centerX() - width / 2,
            candidate.centerY() - height / 2,
            width,
            height,
            bgr.cols(),
            bgr.rows())) {
      for (Detection detection : detectIn(bgr, region, SECOND_LOOK_MIN_SCORE)) {
        if (detection.box().iou(candidate) > 0.3f) {
          best = Math.max(best, detection.score());
        }
      }
    }
    return best;
  }

  /** Runs the model on one region of the image; boxes in image pixels. */
  private List<Detection> detectIn(Mat bgr, Rect region, float minScore) {
    FloatBuffer input = model.inputBuffer();
    try (Mat roi = new Mat(bgr, region);
        Mat small = ImageOps.resizeTo(roi, INPUT_WIDTH, INPUT_HEIGHT)) {
      ImageOps.fillPlanar(small, input, true, MEAN, SCALE);
    }
    Map<String, float[]> outputs = model.run();
    float[] scores = outputs.get("scores");
    float[] boxes = outputs.get("boxes");
    List<Detection> detections = new ArrayList<>();
    float w = region.width();
    float h = region.height();
    for (int i = 0; i < scores.length / 2; i++) {
      float score = scores[i * 2 + 1];
      if (score < minScore) {
        continue;
      }
      float x1 = clamp(boxes[i * 4] * w, 0, w) + region.x();
      float y1 = clamp(boxes[i * 4 + 1] * h, 0, h) + region.y();
      float x2 = clamp(boxes[i * 4 + 2] * w, 0, w) + region.x();
      float y2 = clamp(boxes[i * 4 + 3] * h, 0, h) + region.y();
      if (x2 - x1 >= 2 && y2 - y1 >= 2) {
        detections.add(new Detection(new FaceBox(x1, y1, x2, y2), score));
      }
    }
    return detections;
  }

  private List<Detection> nms(List<Detection> detections) {
    List<Detection> sorted = new ArrayList<>(detections);
    sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection candidate : sorted) {
      boolean suppressed = false;
      for (Detection keeper : kept) {
        if (keeper.box().iou(candidate.box()) > nmsThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  /**
   * Drops a detection mostly inside a better one (the same face seen whole in one tile, cut in
   * another).
   */
  private static List<Detection> merge(List<Detection> detections) {
    List<Detection> merged = new ArrayList<>();
    for (Detection candidate : detections) {
      boolean duplicate = false;
      for (Detection existing : merged) {
        if (overlapOfSmaller(existing.box(), candidate.box()) > 0.4f) {
          duplicate = true;
          break;
        }
      }
      if (!duplicate) {
        merged.add(candidate);
      }
    }
    return merged;
  }

  private static float overlapOfSmaller(FaceBox a, FaceBox b) {
    float ix = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
    float iy = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
    float smaller = Math.min(a.area(), b.area());
    return smaller <= 0 ? 0 : ix * iy / smaller;
  }

  /** Tiles of about TILE_WIDTH x TILE_HEIGHT covering the image with a quarter overlap. */
  private static List<Rect> tiles(int width, int height) {
    int tileW = Math.min(width, TILE_WIDTH);
    int tileH = Math.min(height, TILE_HEIGHT);
    int cols = width <= tileW ? 1 : (int) Math.ceil((width - tileW) / (tileW * 0.75)) + 1;
    int rows = height <= tileH ? 1 : (int) Math.ceil((height - tileH) / (tileH * 0.75)) + 1;
    List<Rect> tiles = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        int x = cols == 1 ? 0 : (int) Math.round((width - tileW) * col / (double) (cols - 1));
        int y = rows == 1 ? 0 : (int) Math.round((height - tileH) * row / (double) (rows - 1));
        tiles.add(new Rect(x, y, tileW, tileH));
      }
    }
    return tiles;
  }

  private static boolean touchesInnerEdge(FaceBox box, Rect tile, int width, int height) {
    float marginX = box.width() * EDGE_MARGIN;
    float marginY = box.height() * EDGE_MARGIN;
    return (tile.x() > 0 && box.x1() <= tile.x() + marginX)
        || (tile.y() > 0 && box.y1() <= tile.y() + marginY)
        || (tile.x() + tile.width() < width && box.x2() >= tile.x() + tile.width() - marginX)
        || (tile.y() + tile.height() < height && box.y2() >= tile.y() + tile.height() - marginY);
  }

  private static float clamp(float value, float low, float high) {
    return Math.max(low, Math.min(high, value));
  }
}
