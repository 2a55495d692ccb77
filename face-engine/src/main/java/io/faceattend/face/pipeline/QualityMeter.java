package io.faceattend.face.pipeline;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Sharpness (variance of the Laplacian) and brightness (mean grey) of the aligned 112x112 face. */
public final class QualityMeter {
  private QualityMeter() {}

  /** {sharpness, brightness}. */
  public static float[] measure(Mat alignedBgr) {
    try (Mat gray = new Mat();
        Mat laplacian = new Mat();
        Mat mean = new Mat();
        Mat std = new Mat();
        Mat lapMean = new Mat();
        Mat lapStd = new Mat()) {
      cvtColor(alignedBgr, gray, COLOR_BGR2GRAY);
      meanStdDev(gray, mean, std);
      Laplacian(gray, laplacian, CV_64F);
      meanStdDev(laplacian, lapMean, lapStd);
      double brightness;
      double sigma;
      try (DoubleIndexer m = mean.createIndexer();
          DoubleIndexer s = lapStd.createIndexer()) {
        brightness = m.get(0);
        sigma = s.get(0);
      }
      return new float[] {(float) (sigma * sigma), (float) brightness};
    }
  }
}
