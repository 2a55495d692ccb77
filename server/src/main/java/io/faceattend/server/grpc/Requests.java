package io.faceattend.server.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import io.faceattend.proto.v1.Shift;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.schedule.Schedules;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Groups of request fields that several request messages carry under the same names (a report's
 * filter, a schedule), read once by name, so each RPC does not copy the getters.
 */
final class Requests {

  private Requests() {}

  /**
   * A report request's filter: {@code from} and {@code to}, and whichever of {@code department_id},
   * {@code site_id} and {@code user_id} the message has (one it lacks filters nothing).
   */
  static ReportQuery reportQuery(MessageOrBuilder request) {
    return ReportQuery.parse(
        (String) request.getField(field(request, "from")),
        (String) request.getField(field(request, "to")),
        idOrNone(request, "department_id"),
        idOrNone(request, "site_id"),
        idOrNone(request, "user_id"));
  }

  /**
   * The schedule of a SetSchedule or SetDepartmentSchedule request (the same fields in both, apart
   * from whose schedule it is).
   */
  static Schedules.Input schedule(MessageOrBuilder request) {
    FieldDescriptor overtime = field(request, "overtime_after_minutes");
    return new Schedules.Input(
        repeated(request, "working_days", Integer.class),
        (String) request.getField(field(request, "start_time")),
        (String) request.getField(field(request, "end_time")),
        (Integer) request.getField(field(request, "grace_minutes")),
        request.hasField(overtime) ? (Integer) request.getField(overtime) : null,
        repeated(request, "shifts", Shift.class).stream()
            .map(s -> new Schedules.ShiftInput(s.getDaysList(), s.getStartTime(), s.getEndTime()))
            .toList());
  }

  private static FieldDescriptor field(MessageOrBuilder request, String name) {
    FieldDescriptor field = optionalField(request, name);
    if (field == null) {
      // a programming error: the RPC does not carry this group of fields
      throw new IllegalArgumentException(
          request.getDescriptorForType().getFullName() + " has no field " + name);
    }
    return field;
  }

  private static @Nullable FieldDescriptor optionalField(MessageOrBuilder request, String name) {
    return request.getDescriptorForType().findFieldByName(name);
  }

  private static long idOrNone(MessageOrBuilder request, String name) {
    FieldDescriptor field = optionalField(request, name);
    return field == null ? 0 : (Long) request.getField(field);
  }

  private static <T> List<T> repeated(MessageOrBuilder request, String name, Class<T> type) {
    return ((List<?>) request.getField(field(request, name))).stream().map(type::cast).toList();
  }
}
