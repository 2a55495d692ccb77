package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.faceattend.proto.v1.GetAttendanceReportRequest;
import io.faceattend.proto.v1.GetAttendanceReportResponse;
import io.faceattend.proto.v1.GetCheckInDistributionRequest;
import io.faceattend.proto.v1.GetCheckInDistributionResponse;
import io.faceattend.proto.v1.GetDepartmentSummaryRequest;
import io.faceattend.proto.v1.GetDepartmentSummaryResponse;
import io.faceattend.proto.v1.GetPatternsRequest;
import io.faceattend.proto.v1.GetPatternsResponse;
import io.faceattend.proto.v1.GetRealtimeRequest;
import io.faceattend.proto.v1.GetRealtimeResponse;
import io.faceattend.proto.v1.GetSummaryRequest;
import io.faceattend.proto.v1.GetSummaryResponse;
import io.faceattend.proto.v1.ListAbsenteesRequest;
import io.faceattend.proto.v1.ListAbsenteesResponse;
import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.proto.v1.StreamAttendanceDaysRequest;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import io.faceattend.proto.v1.WatchEventsRequest;
import io.faceattend.proto.v1.WatchEventsResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.GrpcErrors;
import io.faceattend.server.events.EventFeed;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.DayRecord;
import io.faceattend.server.reports.LiveStats;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.reports.Reports;
import io.faceattend.server.reports.Totals;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.function.Consumer;

/**
 * gRPC face of {@link Reports}; the day stream waits for its reader (flow control), so exports stay
 * bounded.
 */
public record ReportGrpcService(Reports reports, LiveStats live, EventFeed feed)
    implements ReportServiceGrpc.AsyncService {

  /** Events a slow watcher may lag behind by before the oldest are dropped. */
  static final int WATCH_BUFFER = 1_000;

  @Override
  public void watchEvents(
      WatchEventsRequest request, StreamObserver<WatchEventsResponse> responseObserver) {
    for (String type : request.getEventsList()) {
      if (!EventTypes.ALL.contains(type)) {
        throw ApiException.invalid("Unknown event type '" + type + "'");
      }
    }
    Caller caller = Caller.current();
    ServerCallStreamObserver<WatchEventsResponse> call =
        (ServerCallStreamObserver<WatchEventsResponse>) responseObserver;
    EventWatch watch = new EventWatch(call);
    EventFeed.Subscription subscription =
        feed.subscribe(caller, Set.copyOf(request.getEventsList()), watch::offer);
    call.setOnCancelHandler(subscription::close);
    call.setOnCloseHandler(subscription::close);
    call.setOnReadyHandler(watch::drain);
    watch.offer(feed.started());
  }

  /**
   * One watcher's bounded queue: the feed thread offers, gRPC's flow control drains; when the
   * watcher falls behind, the oldest events go.
   */
  private static final class EventWatch {
    private final ServerCallStreamObserver<WatchEventsResponse> call;
    private final ArrayDeque<EventFeed.LiveEvent> queue = new ArrayDeque<>();

    EventWatch(ServerCallStreamObserver<WatchEventsResponse> call) {
      this.call = call;
    }

    synchronized void offer(EventFeed.LiveEvent event) {
      if (queue.size() == WATCH_BUFFER) {
        queue.removeFirst();
      }
      queue.addLast(event);
      drain();
    }

    synchronized void drain() {
      while (!queue.isEmpty() && call.isReady() && !call.isCancelled()) {
        call.onNext(toProto(queue.removeFirst()));
      }
    }

    private static WatchEventsResponse toProto(EventFeed.LiveEvent event) {
      Struct.Builder data = Struct.newBuilder();
      try {
        JsonFormat.parser().merge(event.dataJson(), data);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("outbox data is not a JSON object", e);
      }
      return WatchEventsResponse.newBuilder()
          .setId(event.id().toString())
          .setEvent(event.type())
          .setCreatedAt(event.createdAt().toString())
          .setData(data)
          .build();
    }
  }

  @Override
  public void getRealtime(
      GetRealtimeRequest request, StreamObserver<GetRealtimeResponse> observer) {
    reply(observer, live.realtime(Caller.current()));
  }

  @Override
  public void getPatterns(
      GetPatternsRequest request, StreamObserver<GetPatternsResponse> observer) {
    reply(observer, live.patterns(Caller.current(), request.getFrom(), request.getTo()));
  }

  @Override
  public void getAttendanceReport(
      GetAttendanceReportRequest request, StreamObserver<GetAttendanceReportResponse> observer) {
    if (!request.getFormat().isBlank() && !request.getFormat().equalsIgnoreCase("json")) {
      throw ApiException.invalid(
          "format must be json, csv, xlsx or pdf; only json is answered here");
    }
    reply(observer, reports.attendance(Caller.reportReader(), Requests.reportQuery(request)));
  }

  @Override
  public void getCheckInDistribution(
      GetCheckInDistributionRequest request,
      StreamObserver<GetCheckInDistributionResponse> observer) {
    reply(observer, reports.checkInHours(Caller.reportReader(), Requests.reportQuery(request)));
  }

  @Override
  public void listAbsentees(
      ListAbsenteesRequest request, StreamObserver<ListAbsenteesResponse> observer) {
    reply(
        observer,
        reports.absentees(
            Caller.reportReader(),
            request.getDate(),
            request.getDepartmentId(),
            request.getSiteId()));
  }

  @Override
  public void getDepartmentSummary(
      GetDepartmentSummaryRequest request, StreamObserver<GetDepartmentSummaryResponse> observer) {
    reply(observer, reports.departments(Caller.reportReader(), Requests.reportQuery(request)));
  }

  @Override
  public void getSummary(GetSummaryRequest request, StreamObserver<GetSummaryResponse> observer) {
    reply(
        observer,
        reports.summary(Caller.reportReader(), request.getPeriod(), Requests.reportQuery(request)));
  }

  @Override
  public void streamAttendanceDays(
      StreamAttendanceDaysRequest request, StreamObserver<StreamAttendanceDaysResponse> observer) {
    ServerCallStreamObserver<StreamAttendanceDaysResponse> call =
        (ServerCallStreamObserver<StreamAttendanceDaysResponse>) observer;
    Object ready = new Object();
    call.setOnReadyHandler(
        () -> {
          synchronized (ready) {
            ready.notifyAll();
          }
        });
    call.setOnCancelHandler(
        () -> {
          synchronized (ready) {
            ready.notifyAll();
          }
        });
    // refused before streaming starts: thrown, and ErrorInterceptor answers with the status
    Caller caller = Caller.reportReader();
    ReportQuery query = Requests.reportQuery(request.getFilter());
    // produce on a thread of its own: the call's executor must stay free to deliver onReady (flow
    // control)
    Thread.ofVirtual()
        .name("report-days-stream")
        .start(
            () -> {
              try {
                // a person's days arrive together: the last one carries their totals (Totals: the
                // report's own rules)
                PersonDays person = new PersonDays(response -> send(call, ready, response));
                reports.days().forEach(caller, query, person);
                person.finish();
                call.onCompleted();
              } catch (RuntimeException e) {
                // this thread is not the call's: translate here (ErrorInterceptor sees only the
                // call's callbacks)
                if (!call.isCancelled()) {
                  observer.onError(GrpcErrors.toStatus(e));
                }
              }
            });
  }

  /** Waits until the reader can take more (gRPC flow control), then sends. */
  private static void send(
      ServerCallStreamObserver<StreamAttendanceDaysResponse> call,
      Object ready,
      StreamAttendanceDaysResponse response) {
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
    call.onNext(response);
  }

  /**
   * Holds back each day until the next one shows whether it was its person's last, which gets their
   * totals.
   */
  private static final class PersonDays implements AttendanceDays.Listener {

    private final Consumer<StreamAttendanceDaysResponse> out;
    private DayRecord pending;
    private Totals totals = new Totals();

    PersonDays(Consumer<StreamAttendanceDaysResponse> out) {
      this.out = out;
    }

    @Override
    public void person(DayRecord.PersonInfo person) {
      finish();
      totals = new Totals();
    }

    @Override
    public void day(DayRecord day) {
      if (pending != null) {
        out.accept(toProto(pending).build());
      }
      pending = day;
      totals.add(day);
    }

    void finish() {
      if (pending != null) {
        out.accept(toProto(pending).setPersonTotals(totals.toProto()).build());
        pending = null;
      }
    }
  }

  private static StreamAttendanceDaysResponse.Builder toProto(DayRecord day) {
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
        .setWorkingDay(day.workingDay());
  }

  private static String time(LocalTime time) {
    return time == null ? "" : String.format("%02d:%02d", time.getHour(), time.getMinute());
  }
}
