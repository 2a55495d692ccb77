package io.faceattend.server.grpc;

import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.faceattend.proto.v1.CheckInRequest;
import io.faceattend.proto.v1.CheckOutRequest;
import io.faceattend.proto.v1.DevicePlatform;
import io.faceattend.proto.v1.GetAttendanceReportRequest;
import io.faceattend.proto.v1.GetCheckInDistributionRequest;
import io.faceattend.proto.v1.GetDepartmentSummaryRequest;
import io.faceattend.proto.v1.GetPayrollRequest;
import io.faceattend.proto.v1.GetSummaryRequest;
import io.faceattend.proto.v1.ListAbsenteesRequest;
import io.faceattend.proto.v1.SetDepartmentScheduleRequest;
import io.faceattend.proto.v1.SetScheduleRequest;
import io.faceattend.proto.v1.Shift;
import io.faceattend.server.attendance.PunchRequest;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.reports.ReportQuery;
import io.faceattend.server.schedule.Schedules;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestsTest {

  private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate MARCH_31 = LocalDate.of(2026, 3, 31);

  @Test
  void reportQueryReadsTheFiltersEachRequestHas() {
    assertThat(
            Requests.reportQuery(
                GetAttendanceReportRequest.newBuilder()
                    .setFrom("2026-03-01")
                    .setTo("2026-03-31")
                    .setDepartmentId(3)
                    .setSiteId(4)
                    .setUserId(5)
                    .build()))
        .isEqualTo(new ReportQuery(MARCH_1, MARCH_31, 3, 4, 5));
    // field numbers differ from the attendance report's; names are what count
    assertThat(
            Requests.reportQuery(
                GetSummaryRequest.newBuilder()
                    .setPeriod("weekly")
                    .setFrom("2026-03-01")
                    .setTo("2026-03-31")
                    .setDepartmentId(3)
                    .setSiteId(4)
                    .build()))
        .isEqualTo(new ReportQuery(MARCH_1, MARCH_31, 3, 4, 0));
    assertThat(
            Requests.reportQuery(
                GetCheckInDistributionRequest.newBuilder()
                    .setFrom("2026-03-01")
                    .setTo("2026-03-31")
                    .setSiteId(4)
                    .build()))
        .isEqualTo(new ReportQuery(MARCH_1, MARCH_31, 0, 4, 0));
    // no department filter in the department summary (it groups by department): site_id is field 3
    assertThat(
            Requests.reportQuery(
                GetDepartmentSummaryRequest.newBuilder()
                    .setFrom("2026-03-01")
                    .setTo("2026-03-31")
                    .setSiteId(4)
                    .build()))
        .isEqualTo(new ReportQuery(MARCH_1, MARCH_31, 0, 4, 0));
    assertThat(
            Requests.reportQuery(
                GetPayrollRequest.newBuilder()
                    .setFrom("2026-03-01")
                    .setTo("2026-03-31")
                    .setDepartmentId(3)
                    .setUserId(5)
                    .build()))
        .isEqualTo(new ReportQuery(MARCH_1, MARCH_31, 3, 0, 5));
  }

  @Test
  void reportQueryKeepsTheDocumentedRefusals() {
    assertCode(
        () -> Requests.reportQuery(GetSummaryRequest.newBuilder().setTo("2026-03-31").build()),
        ErrorCode.MISSING_FIELD);
    assertCode(
        () ->
            Requests.reportQuery(
                GetAttendanceReportRequest.newBuilder()
                    .setFrom("2026-03-31")
                    .setTo("2026-03-01")
                    .build()),
        ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aRequestWithoutTheFieldsIsAProgrammingError() {
    assertThatThrownBy(
            () -> Requests.reportQuery(ListAbsenteesRequest.newBuilder().setDate("x").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no field from");
  }

  @Test
  void scheduleReadsTheSameFromAUserAndADepartmentRequest() {
    Shift night = Shift.newBuilder().addDays(5).setStartTime("22:00").setEndTime("06:00").build();
    Schedules.Input user =
        Requests.schedule(
            SetScheduleRequest.newBuilder()
                .setUserId(7)
                .addAllWorkingDays(List.of(1, 2, 3))
                .setStartTime("09:00")
                .setEndTime("17:00")
                .setGraceMinutes(10)
                .setOvertimeAfterMinutes(480)
                .addShifts(night)
                .build());
    assertThat(user)
        .isEqualTo(
            new Schedules.Input(
                List.of(1, 2, 3),
                "09:00",
                "17:00",
                10,
                480,
                List.of(new Schedules.ShiftInput(List.of(5), "22:00", "06:00"))));
    Schedules.Input department =
        Requests.schedule(
            SetDepartmentScheduleRequest.newBuilder()
                .setDepartmentId(2)
                .addAllWorkingDays(List.of(1, 2, 3))
                .setStartTime("09:00")
                .setEndTime("17:00")
                .setGraceMinutes(10)
                .build());
    // an unset overtime threshold stays unset (null), not 0
    assertThat(department)
        .isEqualTo(new Schedules.Input(List.of(1, 2, 3), "09:00", "17:00", 10, null, List.of()));
  }

  @Test
  void punchReadsACheckInAndACheckOutAlike() {
    PunchRequest in =
        Requests.punch(
            PunchRequest.PunchKind.CHECK_IN,
            CheckInRequest.newBuilder()
                .setImage(ByteString.copyFromUtf8("jpeg"))
                .setDevice(DevicePlatform.DEVICE_PLATFORM_ANDROID)
                .setDeviceId("phone-1")
                .setLatitude(24.86)
                .setLongitude(67.0)
                .setRequestId("r-1")
                .setCapturedAt("2026-03-02T09:00:00Z")
                .build());
    assertThat(in.kind()).isEqualTo(PunchRequest.PunchKind.CHECK_IN);
    assertThat(in.image()).containsExactly("jpeg".getBytes(StandardCharsets.UTF_8));
    assertThat(in.device()).isEqualTo(DevicePlatform.DEVICE_PLATFORM_ANDROID);
    assertThat(in.deviceId()).isEqualTo("phone-1");
    assertThat(in.latitude()).isEqualTo(24.86);
    assertThat(in.longitude()).isEqualTo(67.0);
    // unset optionals stay unset (null), not 0
    assertThat(in.accuracyM()).isNull();
    assertThat(in.requestId()).isEqualTo("r-1");
    assertThat(in.capturedAt()).isEqualTo("2026-03-02T09:00:00Z");
    assertThat(in.kiosk()).isNull();
    PunchRequest out =
        Requests.punch(
            PunchRequest.PunchKind.CHECK_OUT,
            CheckOutRequest.newBuilder().setDeviceId("phone-1").setAccuracyM(12.5).build());
    assertThat(out.kind()).isEqualTo(PunchRequest.PunchKind.CHECK_OUT);
    assertThat(out.image()).isEmpty();
    assertThat(out.device()).isEqualTo(DevicePlatform.DEVICE_PLATFORM_UNSPECIFIED);
    assertThat(out.latitude()).isNull();
    assertThat(out.accuracyM()).isEqualTo(12.5);
    assertThat(out.capturedAt()).isNull();
  }
}
