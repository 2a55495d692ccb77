package io.faceattend.face.pipeline;

import io.faceattend.face.FaceBox;
import io.faceattend.face.HeadPose;
import io.faceattend.face.model.OnnxModel;
import java.util.Iterator;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * fr_pose (Hopenet-style): the face box grown by a quarter on each side, 224x224 RGB, ImageNet
 * mean/std -> three 66-bin outputs (yaw, pitch, roll); angle = expected bin x 3 - 99 degrees.
 */
public final class HeadPoseEstimator {
  private static final float[] MEAN = {0.485f * 255, 0.456f * 255, 0.406f * 255};
  private static final float[] SCALE = {1 / (0.229f * 255), 1 / (0.224f * 255), 1 / (0.225f * 255)};

  private final OnnxModel model;

  public HeadPoseEstimator(OnnxModel model) {
    this.model = model;
  }

  public HeadPose estimate(Mat bgr, FaceBox box) {
    float w = box.width();
    float h = box.height();
    Rect rect =
        ImageOps.clampedRect(
            box.x1() - w / 4, box.y1() - h / 4, w * 1.5f, h * 1.5f, bgr.cols(), bgr.rows());
    try (Mat crop = ImageOps.cropResize(bgr, rect, 224, 224)) {
      ImageOps.fillPlanar(crop, model.inputBuffer(), true, MEAN, SCALE);
    } finally {
      rect.close();
    }
    Map<String, float[]> outputs = model.run();
    Iterator<float[]> bins = outputs.values().iterator();
    return new HeadPose(angle(bins.next()), angle(bins.next()), angle(bins.next()));
  }

  private static float angle(float[] logits) {
    float[] p = ImageOps.softmax(logits);
    float expected = 0;
    for (int i = 0; i < p.length; i++) {
      expected += p[i] * i;
    }
    return expected * 3 - 99;
  }
}
