package io.faceattend.gateway.export;

import io.faceattend.proto.v1.AttendanceTotals;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The attendance export as XLSX with Apache POI's streaming SXSSF: a "Days" sheet (one row per
 * person and day; only the last 100 rows are in memory, the rest is flushed to a temporary file)
 * and a "People" sheet of totals.
 */
final class XlsxReport {

  static final String[] DAY_COLUMNS = {
    "Date",
    "User id",
    "Employee id",
    "Name",
    "Department",
    "Status",
    "Check-in",
    "Check-out",
    "Hours worked",
    "Overtime hours",
    "Late minutes",
    "Early leave minutes",
    "Corrected"
  };
  static final String[] PEOPLE_COLUMNS = {
    "User id",
    "Name",
    "Department",
    "Working days",
    "Present",
    "Late",
    "Early leave",
    "Absent",
    "Excused",
    "Hours worked",
    "Overtime hours",
    "Attendance rate"
  };

  private XlsxReport() {}

  static void write(Iterator<StreamAttendanceDaysResponse> days, Path file) throws IOException {
    // a refused report (scope, filters) fails here, before POI has temporary files to clean up
    days.hasNext();
    SXSSFWorkbook workbook = new SXSSFWorkbook(100);
    try {
      workbook.setCompressTempFiles(true);
      CellStyle header = workbook.createCellStyle();
      Font bold = workbook.createFont();
      bold.setBold(true);
      header.setFont(bold);
      SXSSFSheet sheet = workbook.createSheet("Days");
      headerRow(sheet.createRow(0), DAY_COLUMNS, header);
      Map<Long, PersonTotals> people = new LinkedHashMap<>();
      int r = 1;
      while (days.hasNext()) {
        StreamAttendanceDaysResponse day = days.next();
        PersonTotals.collect(people, day);
        Row row = sheet.createRow(r++);
        row.createCell(0).setCellValue(day.getDate());
        row.createCell(1).setCellValue(day.getUserId());
        row.createCell(2).setCellValue(day.getEmployeeId());
        row.createCell(3).setCellValue(day.getName());
        row.createCell(4).setCellValue(day.getDepartment());
        row.createCell(5).setCellValue(day.getStatus());
        row.createCell(6).setCellValue(day.getCheckIn());
        row.createCell(7).setCellValue(day.getCheckOut());
        row.createCell(8).setCellValue(day.getHoursWorked());
        row.createCell(9).setCellValue(day.getOvertimeHours());
        row.createCell(10).setCellValue(day.getLateMinutes());
        row.createCell(11).setCellValue(day.getEarlyLeaveMinutes());
        row.createCell(12).setCellValue(day.getCorrected());
      }
      SXSSFSheet summary = workbook.createSheet("People");
      headerRow(summary.createRow(0), PEOPLE_COLUMNS, header);
      r = 1;
      for (PersonTotals p : people.values()) {
        Row row = summary.createRow(r++);
        AttendanceTotals t = p.totals();
        row.createCell(0).setCellValue(p.userId());
        row.createCell(1).setCellValue(p.name());
        row.createCell(2).setCellValue(p.department());
        row.createCell(3).setCellValue(t.getWorkingDays());
        row.createCell(4).setCellValue(t.getPresent());
        row.createCell(5).setCellValue(t.getLate());
        row.createCell(6).setCellValue(t.getEarlyLeave());
        row.createCell(7).setCellValue(t.getAbsent());
        row.createCell(8).setCellValue(t.getExcused());
        row.createCell(9).setCellValue(t.getHoursWorked());
        row.createCell(10).setCellValue(t.getOvertimeHours());
        row.createCell(11).setCellValue(t.getAttendanceRate());
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        workbook.write(out);
      }
    } finally {
      // close() also disposes of SXSSF's temporary files (POI 5.3+)
      workbook.close();
    }
  }

  private static void headerRow(Row row, String[] names, CellStyle style) {
    for (int i = 0; i < names.length; i++) {
      var cell = row.createCell(i);
      cell.setCellValue(names[i]);
      cell.setCellStyle(style);
    }
  }
}
