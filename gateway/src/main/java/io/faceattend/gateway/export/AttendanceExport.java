package io.faceattend.gateway.export;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.faceattend.gateway.rest.InProcessChannel;
import io.faceattend.gateway.rest.RestErrors;
import io.faceattend.proto.v1.GetAttendanceReportRequest;
import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.proto.v1.StreamAttendanceDaysRequest;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import io.faceattend.server.error.ErrorCode;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/reports/attendance?format=csv}: the report day by day as CSV, streamed. The rows
 * come from {@code ReportService.StreamAttendanceDays} over an in-process channel (so the same auth
 * interceptor and scope apply), in windows of {@link #WINDOW} rows: the next window is asked for
 * only once the previous one has been written to the client, so at most two windows of rows are
 * held whatever the size of the report.
 */
public final class AttendanceExport implements HttpService {

  static final String CSV_HEADER =
      "date,user_id,employee_id,name,department,status,check_in,check_out,"
          + "hours_worked,overtime_hours,late_minutes,early_leave_minutes,corrected\r\n";

  /** Rows per chunk written to the client, and per flow-control request to the report stream. */
  static final int WINDOW = 256;

  private final InProcessChannel channel;

  /** Reads the report stream over {@code channel} (the gateway's one in-process hop). */
  public AttendanceExport(InProcessChannel channel) {
    this.channel = channel;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    QueryParams query = ctx.queryParams();
    String format = query.get("format", "json").toLowerCase(Locale.ROOT);
    if (!format.equals("csv") && !format.equals("xlsx") && !format.equals("pdf")) {
      return RestErrors.response(
          ErrorCode.INVALID_ARGUMENT, "format must be json, csv, xlsx or pdf");
    }
    GetAttendanceReportRequest.Builder filter =
        GetAttendanceReportRequest.newBuilder()
            .setFrom(query.get("from", ""))
            .setTo(query.get("to", ""))
            .setFormat(format);
    try {
      filter
          .setDepartmentId(Long.parseLong(query.get("department_id", "0")))
          .setSiteId(Long.parseLong(query.get("site_id", "0")))
          .setUserId(Long.parseLong(query.get("user_id", "0")));
    } catch (NumberFormatException e) {
      return RestErrors.response(
          ErrorCode.INVALID_ARGUMENT, "department_id, site_id and user_id must be numbers");
    }
    Channel authenticated = channel.forwarding(ctx, req.headers());
    String fileName =
        "attendance_" + safe(filter.getFrom()) + "_" + safe(filter.getTo()) + "." + format;
    if (!format.equals("csv")) {
      return HttpResponse.of(
          CompletableFuture.supplyAsync(
              () -> file(authenticated, filter.build(), format, fileName),
              ctx.blockingTaskExecutor()));
    }
    ClientCall<StreamAttendanceDaysRequest, StreamAttendanceDaysResponse> call =
        authenticated.newCall(
            ReportServiceGrpc.getStreamAttendanceDaysMethod(), CallOptions.DEFAULT);
    CompletableFuture<HttpResponse> response = new CompletableFuture<>();
    HttpResponseWriter writer = HttpResponse.streaming();
    ClientCalls.asyncServerStreamingCall(
        call,
        StreamAttendanceDaysRequest.newBuilder().setFilter(filter).build(),
        new ClientResponseObserver<StreamAttendanceDaysRequest, StreamAttendanceDaysResponse>() {
          private ClientCallStreamObserver<StreamAttendanceDaysRequest> stream;
          private boolean started;
          private final StringBuilder chunk = new StringBuilder();
          private int rowsInChunk;

          @Override
          public void beforeStart(
              ClientCallStreamObserver<StreamAttendanceDaysRequest> requestStream) {
            stream = requestStream;
            requestStream.disableAutoRequestWithInitial(WINDOW);
          }

          /** Writes the rows gathered so far; false when the client has gone away. */
          private boolean flush() {
            if (rowsInChunk == 0) {
              return true;
            }
            boolean written = writer.tryWrite(HttpData.ofUtf8(chunk.toString()));
            chunk.setLength(0);
            rowsInChunk = 0;
            return written;
          }

          private void start() {
            if (!started) {
              started = true;
              writer.write(
                  ResponseHeaders.builder(HttpStatus.OK)
                      .contentType(MediaType.CSV_UTF_8)
                      .add(
                          HttpHeaderNames.CONTENT_DISPOSITION,
                          "attachment; filename=\"" + fileName + "\"")
                      .build());
              writer.write(HttpData.ofUtf8(CSV_HEADER));
              response.complete(writer);
            }
          }

          @Override
          public void onNext(StreamAttendanceDaysResponse day) {
            start();
            chunk.append(row(day));
            if (++rowsInChunk < WINDOW) {
              return;
            }
            if (!flush()) {
              stream.cancel("client went away", null);
              return;
            }
            writer.whenConsumed().thenRun(() -> stream.request(WINDOW));
          }

          @Override
          public void onError(Throwable t) {
            if (started) {
              flush();
              writer.close(t);
            } else {
              response.complete(RestErrors.fromThrowable(t));
            }
          }

          @Override
          public void onCompleted() {
            start();
            flush();
            writer.close();
          }
        });
    writer
        .whenComplete()
        .exceptionally(
            t -> {
              call.cancel("client went away", null);
              return null;
            });
    return HttpResponse.of(response);
  }

  /**
   * XLSX and PDF: the days are read (blocking, a window at a time, with gRPC flow control) into a
   * temporary file, which is then streamed to the client and deleted.
   */
  private static HttpResponse file(
      Channel authenticated, GetAttendanceReportRequest filter, String format, String fileName) {
    Path file = null;
    try (WindowedDays days =
        new WindowedDays(
            authenticated, StreamAttendanceDaysRequest.newBuilder().setFilter(filter).build())) {
      file = Files.createTempFile("faceattend-export-", "." + format);
      if (format.equals("xlsx")) {
        XlsxReport.write(days, file);
      } else {
        PdfReport.write(days, filter.getFrom(), filter.getTo(), file);
      }
      Path done = file;
      var body = StreamMessage.of(done);
      body.whenComplete()
          .handle(
              (ok, error) -> {
                try {
                  Files.deleteIfExists(done);
                } catch (IOException ignored) {
                  // a temporary file; the OS cleans up
                }
                return null;
              });
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.OK)
              .contentType(
                  format.equals("xlsx")
                      ? MediaType.parse(
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                      : MediaType.PDF)
              .add(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
              .build(),
          body);
    } catch (RuntimeException | IOException e) {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
      return RestErrors.fromThrowable(e);
    }
  }

  static String row(StreamAttendanceDaysResponse day) {
    return String.join(
            ",",
            day.getDate(),
            Long.toString(day.getUserId()),
            cell(day.getEmployeeId()),
            cell(day.getName()),
            cell(day.getDepartment()),
            day.getStatus(),
            day.getCheckIn(),
            day.getCheckOut(),
            String.format(Locale.ROOT, "%.2f", day.getHoursWorked()),
            String.format(Locale.ROOT, "%.2f", day.getOvertimeHours()),
            Integer.toString(day.getLateMinutes()),
            Integer.toString(day.getEarlyLeaveMinutes()),
            Boolean.toString(day.getCorrected()))
        + "\r\n";
  }

  /**
   * RFC 4180 quoting, and a leading apostrophe before =, +, - or @ so spreadsheets do not run it as
   * a formula.
   */
  static String cell(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static String safe(String date) {
    return date.replaceAll("[^0-9-]", "");
  }
}
