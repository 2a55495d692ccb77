package io.faceattend.face.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * ROC curves as a PNG (Java2D, headless): genuine accept rate against false accept rate on a log
 * axis from 1e-5 to 1, one curve per engine, a dot at each engine's shipped threshold. A false
 * accept rate of 0 is drawn at the left edge.
 */
public final class RocPlot {
  /** One curve: its label, rates and the threshold to mark. */
  public record Curve(String label, ErrorRates rates, double threshold) {}

  private static final int WIDTH = 900;
  private static final int HEIGHT = 600;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final double MIN_LOG_FAR = -5;
  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0xff7f0e)
  };

  private RocPlot() {}

  public static void write(String title, List<Curve> curves, Path png) {
    System.setProperty("java.awt.headless", "true");
    double minTar = 1;
    for (Curve curve : curves) {
      minTar = Math.min(minTar, curve.rates().trueAcceptAtFalseAccept(1e-5));
    }
    double yMin = Math.max(0, Math.floor((minTar - 0.02) * 10) / 10);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      drawAxes(g, yMin);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.setColor(Color.BLACK);
      g.drawString(title, LEFT, TOP - 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int c = 0; c < curves.size(); c++) {
        Curve curve = curves.get(c);
        g.setColor(COLORS[c % COLORS.length]);
        g.setStroke(new BasicStroke(2f));
        double[][] points = curve.rates().curve();
        int px = -1;
        int py = -1;
        for (double[] point : points) {
          int x = x(point[0]);
          int y = y(point[1], yMin);
          if (px >= 0) {
            g.drawLine(px, py, x, py); // step: the rate changes one pair at a time
            g.drawLine(x, py, x, y);
          }
          px = x;
          py = y;
        }
        ErrorRates rates = curve.rates();
        int dx = x(rates.falseAccept(curve.threshold()));
        int dy = y(rates.genuineAccept(curve.threshold()), yMin);
        g.fillOval(dx - 5, dy - 5, 10, 10);
        String legend =
            String.format(
                Locale.ROOT,
                "%s  (EER %.2f%%, dot at %.3f)",
                curve.label(),
                100 * rates.equalErrorRate(),
                curve.threshold());
        g.fillRect(WIDTH - RIGHT - 560, HEIGHT - BOTTOM - 25 - 20 * (curves.size() - c), 14, 4);
        g.setColor(Color.BLACK);
        g.drawString(legend, WIDTH - RIGHT - 540, HEIGHT - BOTTOM - 20 - 20 * (curves.size() - c));
      }
    } finally {
      g.dispose();
    }
    try {
      ImageIO.write(image, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }

  private static void drawAxes(Graphics2D g, double yMin) {
    g.setColor(new Color(0xdddddd));
    for (int e = (int) MIN_LOG_FAR; e <= 0; e++) {
      g.drawLine(x(Math.pow(10, e)), TOP, x(Math.pow(10, e)), HEIGHT - BOTTOM);
    }
    for (double t = yMin; t <= 1.0001; t += (1 - yMin) / 5) {
      g.drawLine(LEFT, y(t, yMin), WIDTH - RIGHT, y(t, yMin));
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    for (int e = (int) MIN_LOG_FAR; e <= 0; e++) {
      g.drawString(e == 0 ? "1" : "1e" + e, x(Math.pow(10, e)) - 12, HEIGHT - BOTTOM + 18);
    }
    for (double t = yMin; t <= 1.0001; t += (1 - yMin) / 5) {
      g.drawString(String.format(Locale.ROOT, "%.2f", t), LEFT - 40, y(t, yMin) + 5);
    }
    g.drawString(
        "false accept rate (impostor pairs accepted; 0 drawn at the left edge)",
        LEFT + 150,
        HEIGHT - 20);
    g.rotate(-Math.PI / 2);
    g.drawString("genuine accept rate", -(TOP + (HEIGHT - TOP - BOTTOM) / 2 + 60), 25);
    g.rotate(Math.PI / 2);
  }

  private static int x(double far) {
    double log = far <= 0 ? MIN_LOG_FAR : Math.max(MIN_LOG_FAR, Math.log10(far));
    return (int) Math.round(LEFT + (log - MIN_LOG_FAR) / -MIN_LOG_FAR * (WIDTH - LEFT - RIGHT));
  }

  private static int y(double tar, double yMin) {
    double clamped = Math.max(yMin, tar);
    return (int)
        Math.round(HEIGHT - BOTTOM - (clamped - yMin) / (1 - yMin) * (HEIGHT - TOP - BOTTOM));
  }
}
