package io.faceattend.gateway.export;

import io.faceattend.proto.v1.AttendanceTotals;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The attendance export as PDF (Apache PDFBox): a first page with the period's totals and a bar
 * chart of people present, excused and absent per day, then a table of each person's totals. Pages
 * are buffered in a temporary file, not in memory; only the per-person and per-day counts are kept
 * while the days stream in.
 */
final class PdfReport {

  private static final float MARGIN = 40;
  private static final float ROW = 15;
  private static final String[] COLUMNS = {
    "Name",
    "Department",
    "Working",
    "Present",
    "Late",
    "Early",
    "Absent",
    "Excused",
    "Hours",
    "Overtime",
    "Rate"
  };
  private static final float[] WIDTHS = {170, 130, 55, 55, 45, 45, 50, 55, 60, 60, 45};

  private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

  private PdfReport() {}

  /** Per-day counts for the chart. */
  private static final class DayCounts {
    int present;
    int absent;
    int excused;
  }

  static void write(Iterator<StreamAttendanceDaysResponse> days, String from, String to, Path file)
      throws IOException {
    new PdfReport().render(days, from, to, file);
  }

  private void render(
      Iterator<StreamAttendanceDaysResponse> days, String from, String to, Path file)
      throws IOException {
    Map<Long, PersonTotals> people = new LinkedHashMap<>();
    TreeMap<LocalDate, DayCounts> perDay = new TreeMap<>();
    for (LocalDate d = LocalDate.parse(from); !d.isAfter(LocalDate.parse(to)); d = d.plusDays(1)) {
      perDay.put(d, new DayCounts());
    }
    while (days.hasNext()) {
      StreamAttendanceDaysResponse day = days.next();
      PersonTotals.collect(people, day);
      DayCounts counts = perDay.get(LocalDate.parse(day.getDate()));
      switch (day.getStatus()) {
        case "absent" -> counts.absent++;
        case "excused" -> counts.excused++;
        default -> counts.present++;
      }
    }
    try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
      PDRectangle landscape =
          new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
      PDPage first = new PDPage(landscape);
      doc.addPage(first);
      try (PDPageContentStream cs = new PDPageContentStream(doc, first)) {
        float top = landscape.getHeight() - MARGIN;
        text(cs, bold, 18, MARGIN, top - 10, "Attendance report " + from + " to " + to);
        int working = 0;
        int present = 0;
        int absent = 0;
        int excused = 0;
        double hours = 0;
        double overtime = 0;
        for (PersonTotals p : people.values()) {
          working += p.totals().getWorkingDays();
          present += p.totals().getPresent();
          absent += p.totals().getAbsent();
          excused += p.totals().getExcused();
          hours += p.totals().getHoursWorked();
          overtime += p.totals().getOvertimeHours();
        }
        text(
            cs,
            font,
            11,
            MARGIN,
            top - 32,
            String.format(
                Locale.ROOT,
                "%d people   working days %d   present %d   absent %d   excused %d   hours %.2f   overtime %.2f",
                people.size(),
                working,
                present,
                absent,
                excused,
                hours,
                overtime));
        chart(cs, perDay, MARGIN, 70, landscape.getWidth() - 2 * MARGIN, top - 70 - 60);
      }
      table(doc, landscape, people);
      doc.save(file.toFile());
    }
  }

  /**
   * Stacked bars per day: present (green), excused (blue), absent (red), with axes, labels and a
   * legend.
   */
  private void chart(
      PDPageContentStream cs,
      TreeMap<LocalDate, DayCounts> perDay,
      float x,
      float y,
      float width,
      float height)
      throws IOException {
    int max = 1;
    for (DayCounts c : perDay.values()) {
      max = Math.max(max, c.present + c.absent + c.excused);
    }
    text(cs, bold, 12, x, y + height + 8, "People present, excused and absent per day");
    float plotX = x + 30;
    float plotW = width - 30;
    float slot = plotW / Math.max(1, perDay.size());
    float bar = Math.max(1, slot * 0.7f);
    int i = 0;
    for (Map.Entry<LocalDate, DayCounts> entry : perDay.entrySet()) {
      DayCounts c = entry.getValue();
      float bx = plotX + i * slot + (slot - bar) / 2;
      float by = y;
      by = bar(cs, bx, by, bar, height * c.present / max, 0.20f, 0.62f, 0.30f);
      by = bar(cs, bx, by, bar, height * c.excused / max, 0.25f, 0.45f, 0.85f);
      bar(cs, bx, by, bar, height * c.absent / max, 0.85f, 0.25f, 0.25f);
      if (perDay.size() <= 31 || i % 7 == 0) {
        text(cs, font, 7, bx, y - 10, Integer.toString(entry.getKey().getDayOfMonth()));
      }
      i++;
    }
    cs.setStrokingColor(0f, 0f, 0f);
    cs.moveTo(plotX, y);
    cs.lineTo(plotX + plotW, y);
    cs.moveTo(plotX, y);
    cs.lineTo(plotX, y + height);
    cs.stroke();
    text(cs, font, 8, x, y + height - 4, Integer.toString(max));
    text(cs, font, 8, x, y, "0");
    float lx = plotX;
    float ly = y - 28;
    String[] names = {"present", "excused", "absent"};
    float[][] colors = {{0.20f, 0.62f, 0.30f}, {0.25f, 0.45f, 0.85f}, {0.85f, 0.25f, 0.25f}};
    for (int k = 0; k < names.length; k++) {
      bar(cs, lx, ly, 10, 8, colors[k][0], colors[k][1], colors[k][2]);
      text(cs, font, 9, lx + 14, ly, names[k]);
      lx += 80;
    }
  }

  private static float bar(
      PDPageContentStream cs, float x, float y, float w, float h, float r, float g, float b)
      throws IOException {
    if (h > 0) {
      cs.setNonStrokingColor(r, g, b);
      cs.addRect(x, y, w, h);
      cs.fill();
    }
    return y + h;
  }

  private void table(PDDocument doc, PDRectangle size, Map<Long, PersonTotals> people)
      throws IOException {
    var rows = people.values().iterator();
    do {
      PDPage page = new PDPage(size);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        float y = size.getHeight() - MARGIN;
        float x = MARGIN;
        cs.setNonStrokingColor(0.9f, 0.9f, 0.9f);
        cs.addRect(MARGIN - 2, y - 4, sum(WIDTHS), ROW);
        cs.fill();
        for (int c = 0; c < COLUMNS.length; c++) {
          text(cs, bold, 9, x, y, COLUMNS[c]);
          x += WIDTHS[c];
        }
        y -= ROW;
        while (rows.hasNext() && y > MARGIN) {
          PersonTotals p = rows.next();
          AttendanceTotals t = p.totals();
          String[] cells = {
            p.name(),
            p.department(),
            Integer.toString(t.getWorkingDays()),
            Integer.toString(t.getPresent()),
            Integer.toString(t.getLate()),
            Integer.toString(t.getEarlyLeave()),
            Integer.toString(t.getAbsent()),
            Integer.toString(t.getExcused()),
            String.format(Locale.ROOT, "%.2f", t.getHoursWorked()),
            String.format(Locale.ROOT, "%.2f", t.getOvertimeHours()),
            String.format(Locale.ROOT, "%.0f%%", t.getAttendanceRate() * 100)
          };
          x = MARGIN;
          for (int c = 0; c < cells.length; c++) {
            text(cs, font, 9, x, y, fit(cells[c], WIDTHS[c] - 6, 9));
            x += WIDTHS[c];
          }
          cs.setStrokingColor(0.8f, 0.8f, 0.8f);
          cs.moveTo(MARGIN - 2, y - 4);
          cs.lineTo(MARGIN - 2 + sum(WIDTHS), y - 4);
          cs.stroke();
          y -= ROW;
        }
      }
    } while (rows.hasNext());
  }

  private static float sum(float[] values) {
    float total = 0;
    for (float v : values) {
      total += v;
    }
    return total;
  }

  /** Text the standard font can encode (other characters become '?'), cut to a width. */
  private String fit(String value, float width, float size) throws IOException {
    String text = printable(value);
    while (!text.isEmpty() && font.getStringWidth(text) / 1000 * size > width) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  private String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      try {
        font.encode(ch);
        out.append(ch);
      } catch (IOException | IllegalArgumentException e) {
        out.append('?');
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private void text(
      PDPageContentStream cs, PDType1Font f, float size, float x, float y, String value)
      throws IOException {
    cs.setNonStrokingColor(0f, 0f, 0f);
    cs.beginText();
    cs.setFont(f, size);
    cs.newLineAtOffset(x, y);
    cs.showText(printable(value));
    cs.endText();
  }
}
