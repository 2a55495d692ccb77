package io.faceattend.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.Shift;
import io.faceattend.server.attendance.PunchRequest;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.schedule.Schedules;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Groups of request fields that several request messages carry under the same names (a report's
 * filter, a schedule, a punch), read once by name, so each RPC does not copy the getters.
 */
final class Requests {

  private Requests() {}

  /**
   * A report request's filter: {@code from} and {@code to}, and whichever of {@code department_id},
   * {@code site_id} and {@code user_id} the message has (one it lacks filters nothing).
   */
  static ReportQuery reportQuery(MessageOrBuilder request) {
    return ReportQuery.parse(
        (String) value(request, "from"),
        (String) value(request, "to"),
        idOrNone(request, "department_id"),
        idOrNone(request, "site_id"),
        idOrNone(request, "user_id"));
  }

  /**
   * The schedule of a SetSchedule or SetDepartmentSchedule request (the same fields in both, apart
   * from whose schedule it is).
   */
  static Schedules.Input schedule(MessageOrBuilder request) {
    return new Schedules.Input(
        repeated(request, "working_days", Integer.class),
        (String) value(request, "start_time"),
        (String) value(request, "end_time"),
        (Integer) value(request, "grace_minutes"),
        (Integer) optional(request, "overtime_after_minutes"),
        repeated(request, "shifts", Shift.class).stream()
            .map(s -> new Schedules.ShiftInput(s.getDaysList(), s.getStartTime(), s.getEndTime()))
            .toList());
  }

  /** A check-in or check-out as the app sends it (CheckInRequest and CheckOutRequest: the same). */
  static PunchRequest punch(PunchRequest.PunchKind kind, MessageOrBuilder request) {
    return new PunchRequest(
        kind,
        ((ByteString) value(request, "image")).toByteArray(),
        DevicePlatform.valueOf((EnumValueDescriptor) value(request, "device")),
        (String) value(request, "device_id"),
        (Double) optional(request, "latitude"),
        (Double) optional(request, "longitude"),
        (Double) optional(request, "accuracy_m"),
        (String) value(request, "request_id"),
        (String) optional(request, "captured_at"),
        null);
  }

  /** A field's value (its default when unset). */
  private static Object value(MessageOrBuilder request, String name) {
    return request.getField(field(request, name));
  }

  /** An optional field's value, null when unset. */
  private static @Nullable Object optional(MessageOrBuilder request, String name) {
    FieldDescriptor field = field(request, name);
    return request.hasField(field) ? request.getField(field) : null;
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
