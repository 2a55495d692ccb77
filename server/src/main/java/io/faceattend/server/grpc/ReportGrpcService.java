package io.faceattend.server.grpc;

import io.faceattend.proto.v1.GetAttendanceReportRequest;
import io.faceattend.proto.v1.GetAttendanceReportResponse;
import io.faceattend.proto.v1.GetSummaryRequest;
import io.faceattend.proto.v1.GetSummaryResponse;
import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.proto.v1.StreamAttendanceDaysRequest;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.GrpcErrors;
import io.faceattend.server.people.Caller;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.DayRecord;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.reports.Reports;
import io.faceattend.server.reports.Totals;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.LocalTime;

/** gRPC face of {@link Reports}; the day stream waits for its reader (flow control), so exports stay bounded. */
public final class ReportGrpcService extends ReportServiceGrpc.ReportServiceImplBase {

  private final Reports reports;

  public ReportGrpcService(Reports reports) {
    this.reports = reports;
  }

  static ReportQuery query(GetAttendanceReportRequest request) {
    return ReportQuery.parse(request.getFrom(), request.getTo(), request.getDepartmentId(), request.getSiteId(),
        request.getUserId());
  }

  @Override
  public void getAttendanceReport(GetAttendanceReportRequest request,
      StreamObserver<GetAttendanceReportResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      if (!request.getFormat().isBlank() && !request.getFormat().equalsIgnoreCase("json")) {
        throw ApiException.invalid("format must be json, csv, xlsx or pdf; only json is answered here");
      }
      return reports.attendance(Caller.reportReader(), query(request));
    });
  }

  @Override
  public void getCheckInDistribution(io.faceattend.proto.v1.GetCheckInDistributionRequest request,
      StreamObserver<io.faceattend.proto.v1.GetCheckInDistributionResponse> observer) {
    GrpcErrors.respond(observer, () -> reports.checkInHours(Caller.reportReader(), ReportQuery.parse(request.getFrom(),
        request.getTo(), request.getDepartmentId(), request.getSiteId(), 0)));
  }

  @Override
  public void listAbsentees(io.faceattend.proto.v1.ListAbsenteesRequest request,
      StreamObserver<io.faceattend.proto.v1.ListAbsenteesResponse> observer) {
    GrpcErrors.respond(observer, () -> reports.absentees(Caller.reportReader(), request.getDate(),
        request.getDepartmentId(), request.getSiteId()));
  }

  @Override
  public void getDepartmentSummary(io.faceattend.proto.v1.GetDepartmentSummaryRequest request,
      StreamObserver<io.faceattend.proto.v1.GetDepartmentSummaryResponse> observer) {
    GrpcErrors.respond(observer, () -> reports.departments(Caller.reportReader(), ReportQuery.parse(request.getFrom(),
        request.getTo(), 0, request.getSiteId(), 0)));
  }

  @Override
  public void getSummary(GetSummaryRequest request, StreamObserver<GetSummaryResponse> observer) {
    GrpcErrors.respond(observer, () -> reports.summary(Caller.reportReader(), request.getPeriod(),
        ReportQuery.parse(request.getFrom(), request.getTo(), request.getDepartmentId(), request.getSiteId(), 0)));
  }

  @Override
  public void streamAttendanceDays(StreamAttendanceDaysRequest request,
      StreamObserver<StreamAttendanceDaysResponse> observer) {
    ServerCallStreamObserver<StreamAttendanceDaysResponse> call =
        (ServerCallStreamObserver<StreamAttendanceDaysResponse>) observer;
    Object ready = new Object();
    call.setOnReadyHandler(() -> {
      synchronized (ready) {
        ready.notifyAll();
      }
    });
    call.setOnCancelHandler(() -> {
      synchronized (ready) {
        ready.notifyAll();
      }
    });
    Caller caller;
    ReportQuery query;
    try {
      caller = Caller.reportReader();
      query = query(request.getFilter());
    } catch (ApiException e) {
      observer.onError(GrpcErrors.toStatus(e));
      return;
    }
    // produce on a thread of its own: the call's executor must stay free to deliver onReady (flow control)
    Thread.ofVirtual().name("report-days-stream").start(() -> {
      try {
        reports.days().forEach(caller, query, day -> {
          synchronized (ready) {
            while (!call.isReady() && !call.isCancelled()) {
              try {
                ready.wait(1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.asRuntimeException();
              }
            }
          }
          if (call.isCancelled()) {
            throw Status.CANCELLED.withDescription("the reader went away").asRuntimeException();
          }
          call.onNext(toProto(day));
        });
        call.onCompleted();
      } catch (ApiException e) {
        observer.onError(GrpcErrors.toStatus(e));
      } catch (io.grpc.StatusRuntimeException e) {
        if (!call.isCancelled()) {
          observer.onError(e);
        }
      } catch (RuntimeException e) {
        if (!call.isCancelled()) {
          observer.onError(GrpcErrors.toStatus(e));
        }
      }
    });
  }

  private static StreamAttendanceDaysResponse toProto(DayRecord day) {
    return StreamAttendanceDaysResponse.newBuilder()
        .setUserId(day.person().userId())
        .setEmployeeId(day.person().employeeId() == null ? "" : day.person().employeeId())
        .setName(day.person().name())
        .setDepartment(day.person().department() == null ? "" : day.person().department())
        .setDate(day.date().toString())
        .setStatus(day.status())
        .setCheckIn(time(day.checkIn()))
        .setCheckOut(time(day.checkOut()))
        .setHoursWorked(Totals.hours(day.workedMinutes()))
        .setOvertimeHours(Totals.hours(day.overtimeMinutes()))
        .setLateMinutes(day.lateMinutes())
        .setEarlyLeaveMinutes(day.earlyLeaveMinutes())
        .setCorrected(day.corrected())
        .setWorkingDay(day.workingDay())
        .build();
  }

  private static String time(LocalTime time) {
    return time == null ? "" : String.format("%02d:%02d", time.getHour(), time.getMinute());
  }
}
