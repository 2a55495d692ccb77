package io.faceattend.server.grpc;

import io.faceattend.proto.v1.AddSiteMembersRequest;
import io.faceattend.proto.v1.AddSiteMembersResponse;
import io.faceattend.proto.v1.AdminServiceGrpc;
import io.faceattend.proto.v1.ApproveUserRequest;
import io.faceattend.proto.v1.ApproveUserResponse;
import io.faceattend.proto.v1.BlockUserRequest;
import io.faceattend.proto.v1.BlockUserResponse;
import io.faceattend.proto.v1.ClearDepartmentScheduleRequest;
import io.faceattend.proto.v1.ClearDepartmentScheduleResponse;
import io.faceattend.proto.v1.ClearScheduleRequest;
import io.faceattend.proto.v1.ClearScheduleResponse;
import io.faceattend.proto.v1.CreateSiteRequest;
import io.faceattend.proto.v1.CreateSiteResponse;
import io.faceattend.proto.v1.GetDepartmentScheduleRequest;
import io.faceattend.proto.v1.GetDepartmentScheduleResponse;
import io.faceattend.proto.v1.GetScheduleRequest;
import io.faceattend.proto.v1.GetScheduleResponse;
import io.faceattend.proto.v1.ListEnrollmentsRequest;
import io.faceattend.proto.v1.ListEnrollmentsResponse;
import io.faceattend.proto.v1.RejectUserRequest;
import io.faceattend.proto.v1.RejectUserResponse;
import io.faceattend.proto.v1.Schedule;
import io.faceattend.proto.v1.SetDepartmentScheduleRequest;
import io.faceattend.proto.v1.SetDepartmentScheduleResponse;
import io.faceattend.proto.v1.SetScheduleRequest;
import io.faceattend.proto.v1.SetScheduleResponse;
import io.faceattend.proto.v1.Shift;
import io.faceattend.proto.v1.UnblockUserRequest;
import io.faceattend.proto.v1.UnblockUserResponse;
import io.faceattend.server.admin.AdminActions;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.auth.CallerInfo;
import io.faceattend.server.auth.Principal;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.GrpcErrors;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.Sites;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** gRPC face of {@link AdminActions}; every call is audited with the calling admin. */
public final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

  private final AdminActions actions;

  public AdminGrpcService(AdminActions actions) {
    this.actions = actions;
  }

  private static AuditLog.Actor admin() {
    return AuditLog.Actor.user(Principal.current().userId(), CallerInfo.current().clientIp());
  }

  private static long userId(long id) {
    if (id <= 0) {
      throw ApiException.missingField("user_id");
    }
    return id;
  }

  @Override
  public void listEnrollments(ListEnrollmentsRequest request, StreamObserver<ListEnrollmentsResponse> observer) {
    GrpcErrors.respond(observer, () -> actions.listEnrollments(admin(), request.getStatus(), request.getPage(),
        request.getLimit()));
  }

  @Override
  public void approveUser(ApproveUserRequest request, StreamObserver<ApproveUserResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      actions.approve(admin(), userId(request.getUserId()), request.getOverrideDuplicates());
      return ApproveUserResponse.newBuilder().setMessage("User approved").build();
    });
  }

  @Override
  public void rejectUser(RejectUserRequest request, StreamObserver<RejectUserResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      actions.reject(admin(), userId(request.getUserId()), request.getReason());
      return RejectUserResponse.newBuilder().setMessage("Enrolment rejected; the user must enrol again").build();
    });
  }

  @Override
  public void blockUser(BlockUserRequest request, StreamObserver<BlockUserResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      actions.block(admin(), userId(request.getUserId()), request.getReason());
      return BlockUserResponse.newBuilder().setMessage("User blocked").build();
    });
  }

  @Override
  public void unblockUser(UnblockUserRequest request, StreamObserver<UnblockUserResponse> observer) {
    GrpcErrors.respond(observer, () -> UnblockUserResponse.newBuilder()
        .setMessage("User unblocked")
        .setUserStatus(actions.unblock(admin(), userId(request.getUserId())).dbValue())
        .build());
  }

  @Override
  public void createSite(CreateSiteRequest request, StreamObserver<CreateSiteResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      Site site = actions.createSite(admin(), new Sites.NewSite(request.getName(), request.getTimeZone(),
          request.hasCenter() ? request.getCenter().getLatitude() : null,
          request.hasCenter() ? request.getCenter().getLongitude() : null,
          request.hasRadiusM() ? request.getRadiusM() : null,
          request.getPolygonList().stream().map(p -> new double[] {p.getLatitude(), p.getLongitude()}).toList()));
      return CreateSiteResponse.newBuilder().setSite(Messages.site(site)).build();
    });
  }

  @Override
  public void addSiteMembers(AddSiteMembersRequest request, StreamObserver<AddSiteMembersResponse> observer) {
    GrpcErrors.respond(observer, () -> AddSiteMembersResponse.newBuilder()
        .setAdded(actions.addSiteMembers(admin(), request.getSiteId(), request.getUserIdsList()))
        .build());
  }

  @Override
  public void setSchedule(SetScheduleRequest request, StreamObserver<SetScheduleResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      long userId = userId(request.getUserId());
      WorkSchedule saved = actions.setSchedule(admin(), userId, new Schedules.Input(request.getWorkingDaysList(),
          request.getStartTime(), request.getEndTime(), request.getGraceMinutes(),
          request.hasOvertimeAfterMinutes() ? request.getOvertimeAfterMinutes() : null,
          shifts(request.getShiftsList())));
      return SetScheduleResponse.newBuilder().setMessage("Schedule saved")
          .setSchedule(Messages.schedule(saved).setUserId(userId).setSource("user")).build();
    });
  }

  @Override
  public void getSchedule(GetScheduleRequest request, StreamObserver<GetScheduleResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      long userId = userId(request.getUserId());
      Schedules.Assigned assigned = actions.schedule(userId);
      Schedule.Builder schedule = Messages.schedule(assigned.schedule()).setUserId(userId)
          .setSource(assigned.source());
      if (assigned.departmentId() != null) {
        schedule.setDepartmentId(assigned.departmentId());
      }
      return GetScheduleResponse.newBuilder().setSchedule(schedule).build();
    });
  }

  @Override
  public void clearSchedule(ClearScheduleRequest request, StreamObserver<ClearScheduleResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      actions.clearSchedule(admin(), userId(request.getUserId()));
      return ClearScheduleResponse.newBuilder().setMessage("Schedule removed").build();
    });
  }

  @Override
  public void setDepartmentSchedule(SetDepartmentScheduleRequest request,
      StreamObserver<SetDepartmentScheduleResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      long departmentId = departmentId(request.getDepartmentId());
      WorkSchedule saved = actions.setDepartmentSchedule(admin(), departmentId, new Schedules.Input(
          request.getWorkingDaysList(), request.getStartTime(), request.getEndTime(), request.getGraceMinutes(),
          request.hasOvertimeAfterMinutes() ? request.getOvertimeAfterMinutes() : null,
          shifts(request.getShiftsList())));
      return SetDepartmentScheduleResponse.newBuilder().setMessage("Schedule saved")
          .setSchedule(Messages.schedule(saved).setDepartmentId(departmentId).setSource("department")).build();
    });
  }

  @Override
  public void getDepartmentSchedule(GetDepartmentScheduleRequest request,
      StreamObserver<GetDepartmentScheduleResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      long departmentId = departmentId(request.getDepartmentId());
      return GetDepartmentScheduleResponse.newBuilder().setSchedule(Messages.schedule(
          actions.departmentSchedule(departmentId)).setDepartmentId(departmentId).setSource("department")).build();
    });
  }

  @Override
  public void clearDepartmentSchedule(ClearDepartmentScheduleRequest request,
      StreamObserver<ClearDepartmentScheduleResponse> observer) {
    GrpcErrors.respond(observer, () -> {
      actions.clearDepartmentSchedule(admin(), departmentId(request.getDepartmentId()));
      return ClearDepartmentScheduleResponse.newBuilder().setMessage("Schedule removed").build();
    });
  }

  private static long departmentId(long id) {
    if (id <= 0) {
      throw ApiException.missingField("department_id");
    }
    return id;
  }

  private static List<Schedules.ShiftInput> shifts(List<Shift> shifts) {
    return shifts.stream().map(s -> new Schedules.ShiftInput(s.getDaysList(), s.getStartTime(), s.getEndTime()))
        .toList();
  }
}
