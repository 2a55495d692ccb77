package io.faceattend.face.pipeline;

import io.faceattend.face.FaceBox;
import io.faceattend.face.model.OnnxModel;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * fr_liveness, prepared as the package's JS does: the face box scaled 2.7x about its centre and
 * shifted inside the image, resized to 128x128, raw 0..255 values -> 3 logits; softmax class 0 is
 * "live" (the JS reports it as the liveness score), classes 1 and 2 are attack types. The planes
 * are fed in B,G,R order: the JS feeds R,G,B, but on the shared live/spoof samples and the 68
 * portrait photos B,G,R separates live from spoof far better (measurements in docs/face-engine.md),
 * so the model was evidently trained on OpenCV's BGR order.
 */
public final class LivenessDetector {
  static final float CROP_SCALE = 2.7f;
  static final int LIVE_CLASS = 0;
  private static final float[] ZERO = {0f, 0f, 0f};
  private static final float[] ONE = {1f, 1f, 1f};

  private final OnnxModel model;

  public LivenessDetector(OnnxModel model) {
    this.model = model;
  }

  /** Softmax probabilities of the three classes. */
  public float[] classify(Mat bgr, FaceBox box) {
    Rect rect =
        ImageOps.scaledBoxInside(
            (int) box.x1(),
            (int) box.y1(),
            (int) box.width(),
            (int) box.height(),
            CROP_SCALE,
            bgr.cols(),
            bgr.rows());
    try (Mat crop = ImageOps.cropResize(bgr, rect, 128, 128)) {
      ImageOps.fillPlanar(crop, model.inputBuffer(), false, ZERO, ONE);
    } finally {
      rect.close();
    }
    return ImageOps.softmax(model.runSingle());
  }

  /** Probability that the face is live. */
  public float liveScore(Mat bgr, FaceBox box) {
    return classify(bgr, box)[LIVE_CLASS];
  }
}
