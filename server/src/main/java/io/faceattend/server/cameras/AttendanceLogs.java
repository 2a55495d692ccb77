package io.faceattend.server.cameras;

import static io.faceattend.db.jooq.Tables.ATTENDANCE_LOGS;
import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.proto.v1.AttendanceLogCamera;
import io.faceattend.proto.v1.AttendanceLogEmployee;
import io.faceattend.proto.v1.AttendanceLogEntry;
import io.faceattend.proto.v1.ListAttendanceLogsRequest;
import io.faceattend.proto.v1.ListAttendanceLogsResponse;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.Fields;
import io.faceattend.server.people.Scope;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The attendance log (seed 001's {@code GET /attendance/logs}): who the cameras saw, when, where
 * and how sure, newest first. Admins see everyone, managers their departments' people, employees
 * themselves.
 */
public record AttendanceLogs(Store store) {

  private static final int DEFAULT_PAGE_SIZE = 20;
  private static final int MAX_PAGE_SIZE = 100;

  public ListAttendanceLogsResponse list(Caller caller, ListAttendanceLogsRequest request) {
    if (request.getPage() < 0 || request.getPageSize() < 0) {
      throw ApiException.invalid("page and page_size must be 1 or more");
    }
    int page = request.getPage() == 0 ? 1 : request.getPage();
    int size =
        request.getPageSize() == 0
            ? DEFAULT_PAGE_SIZE
            : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
    Condition where = Scope.reportPeople(caller, 0, ATTENDANCE_LOGS.USER_ID);
    if (!request.getEmployeeId().isBlank()) {
      where =
          where.and(DSL.lower(USERS.EMPLOYEE_ID).eq(request.getEmployeeId().trim().toLowerCase()));
    }
    LocalDate from = Fields.optionalIsoDate("date_from", request.getDateFrom());
    LocalDate to = Fields.optionalIsoDate("date_to", request.getDateTo());
    if (from != null && to != null && to.isBefore(from)) {
      throw ApiException.invalid("date_from must not be after date_to");
    }
    if (from != null) {
      where = where.and(ATTENDANCE_LOGS.SEEN_AT.ge(startOf(from)));
    }
    if (to != null) {
      where = where.and(ATTENDANCE_LOGS.SEEN_AT.lt(startOf(to.plusDays(1))));
    }
    if (!request.getCameraId().isBlank()) {
      where = where.and(ATTENDANCE_LOGS.CAMERA_ID.eq(request.getCameraId().trim()));
    }
    if (!request.getDepartment().isBlank()) {
      where =
          where.and(DSL.lower(DEPARTMENTS.NAME).eq(request.getDepartment().trim().toLowerCase()));
    }
    var joined =
        ATTENDANCE_LOGS
            .join(USERS)
            .on(USERS.ID.eq(ATTENDANCE_LOGS.USER_ID))
            .leftJoin(DEPARTMENTS)
            .on(DEPARTMENTS.ID.eq(USERS.DEPARTMENT_ID));
    long count =
        store.db().fetchCount(store.db().select(ATTENDANCE_LOGS.ID).from(joined).where(where));
    ListAttendanceLogsResponse.Builder response =
        ListAttendanceLogsResponse.newBuilder().setCount(count).setPage(page).setPageSize(size);
    store
        .db()
        .select(
            ATTENDANCE_LOGS.asterisk(), USERS.ID, USERS.EMPLOYEE_ID, USERS.NAME, DEPARTMENTS.NAME)
        .from(joined)
        .where(where)
        .orderBy(ATTENDANCE_LOGS.SEEN_AT.desc(), ATTENDANCE_LOGS.ID.desc())
        .limit(size)
        .offset((long) (page - 1) * size)
        .forEach(row -> response.addResults(entry(row)));
    return response.build();
  }

  private static AttendanceLogEntry entry(Record row) {
    AttendanceLogEmployee.Builder employee =
        AttendanceLogEmployee.newBuilder().setId(row.get(USERS.ID)).setName(row.get(USERS.NAME));
    if (row.get(USERS.EMPLOYEE_ID) != null) {
      employee.setEmployeeId(row.get(USERS.EMPLOYEE_ID));
    }
    if (row.get(DEPARTMENTS.NAME) != null) {
      employee.setDepartment(row.get(DEPARTMENTS.NAME));
    }
    AttendanceLogEntry.Builder entry =
        AttendanceLogEntry.newBuilder()
            .setId(row.get(ATTENDANCE_LOGS.ID))
            .setEmployee(employee)
            .setTimestamp(row.get(ATTENDANCE_LOGS.SEEN_AT).toInstant().toString())
            .setCamera(
                AttendanceLogCamera.newBuilder()
                    .setId(row.get(ATTENDANCE_LOGS.CAMERA_ID))
                    .setName(row.get(ATTENDANCE_LOGS.CAMERA_NAME))
                    .setLocation(row.get(ATTENDANCE_LOGS.CAMERA_LOCATION)))
            .setConfidence(Math.round(row.get(ATTENDANCE_LOGS.CONFIDENCE) * 1000) / 1000.0)
            .setVerificationTime(row.get(ATTENDANCE_LOGS.VERIFICATION_MS) / 1000.0);
    if (row.get(ATTENDANCE_LOGS.ACTION) != null) {
      entry.setAction(row.get(ATTENDANCE_LOGS.ACTION));
    }
    return entry.build();
  }

  private OffsetDateTime startOf(LocalDate day) {
    return day.atStartOfDay(store.zone()).toOffsetDateTime();
  }
}
