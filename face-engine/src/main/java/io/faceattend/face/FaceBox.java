package io.faceattend.face;

/**
 * An axis-aligned face rectangle in pixels of the upright image (x right, y down), x1 < x2, y1 <
 * y2.
 */
public record FaceBox(float x1, float y1, float x2, float y2) {
  public float width() {
    return x2 - x1;
  }

  public float height() {
    return y2 - y1;
  }

  public float centerX() {
    return (x1 + x2) / 2;
  }

  public float centerY() {
    return (y1 + y2) / 2;
  }

  public float area() {
    return Math.max(0, width()) * Math.max(0, height());
  }

  /** Intersection over union with another box. */
  public float iou(FaceBox other) {
    float ix = Math.max(0, Math.min(x2, other.x2) - Math.max(x1, other.x1));
    float iy = Math.max(0, Math.min(y2, other.y2) - Math.max(y1, other.y1));
    float intersection = ix * iy;
    float union = area() + other.area() - intersection;
    return union <= 0 ? 0 : intersection / union;
  }

  public FaceBox scaled(float factor) {
    return new FaceBox(x1 * factor, y1 * factor, x2 * factor, y2 * factor);
  }
}
