package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

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
import io.faceattend.proto.v1.GetTemplateModelReportRequest;
import io.faceattend.proto.v1.GetTemplateModelReportResponse;
import io.faceattend.proto.v1.ListEnrollmentsRequest;
import io.faceattend.proto.v1.ListEnrollmentsResponse;
import io.faceattend.proto.v1.RejectUserRequest;
import io.faceattend.proto.v1.RejectUserResponse;
import io.faceattend.proto.v1.Schedule;
import io.faceattend.proto.v1.SetDepartmentScheduleRequest;
import io.faceattend.proto.v1.SetDepartmentScheduleResponse;
import io.faceattend.proto.v1.SetScheduleRequest;
import io.faceattend.proto.v1.SetScheduleResponse;
import io.faceattend.proto.v1.UnblockUserRequest;
import io.faceattend.proto.v1.UnblockUserResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.enrollment.EnrollmentReview;
import io.faceattend.server.enrollment.TemplateModels;
import io.faceattend.server.error.Fields;
import io.faceattend.server.people.People;
import io.faceattend.server.schedule.ScheduleAdmin;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.schedule.WorkSchedule;
import io.faceattend.server.sites.Site;
import io.faceattend.server.sites.SiteAdmin;
import io.grpc.stub.StreamObserver;

/**
 * The contract's AdminService (the mobile flow's admin calls): each RPC goes to the domain class
 * that owns the concern (enrolment review, people, sites, schedules), which audits it with the
 * calling admin.
 */
public record AdminGrpcService(
    EnrollmentReview enrollments,
    People people,
    SiteAdmin sites,
    ScheduleAdmin schedules,
    TemplateModels templateModels)
    implements AdminServiceGrpc.AsyncService {

  private static Caller admin() {
    return Caller.current();
  }

  private static long userId(long id) {
    return Fields.id("user_id", id);
  }

  @Override
  public void listEnrollments(
      ListEnrollmentsRequest request, StreamObserver<ListEnrollmentsResponse> observer) {
    reply(
        observer,
        enrollments.listEnrollments(
            admin(), request.getStatus(), request.getPage(), request.getLimit()));
  }

  @Override
  public void getTemplateModelReport(
      GetTemplateModelReportRequest request,
      StreamObserver<GetTemplateModelReportResponse> observer) {
    reply(observer, templateModels.report(admin(), request.getPage(), request.getLimit()));
  }

  @Override
  public void approveUser(
      ApproveUserRequest request, StreamObserver<ApproveUserResponse> observer) {
    enrollments.approve(admin(), userId(request.getUserId()), request.getOverrideDuplicates());
    reply(observer, ApproveUserResponse.newBuilder().setMessage("User approved").build());
  }

  @Override
  public void rejectUser(RejectUserRequest request, StreamObserver<RejectUserResponse> observer) {
    enrollments.reject(admin(), userId(request.getUserId()), request.getReason());
    reply(
        observer,
        RejectUserResponse.newBuilder()
            .setMessage("Enrolment rejected; the user must enrol again")
            .build());
  }

  @Override
  public void blockUser(BlockUserRequest request, StreamObserver<BlockUserResponse> observer) {
    people.block(admin(), userId(request.getUserId()), request.getReason());
    reply(observer, BlockUserResponse.newBuilder().setMessage("User blocked").build());
  }

  @Override
  public void unblockUser(
      UnblockUserRequest request, StreamObserver<UnblockUserResponse> observer) {
    reply(
        observer,
        UnblockUserResponse.newBuilder()
            .setMessage("User unblocked")
            .setUserStatus(people.unblock(admin(), userId(request.getUserId())).getLiteral())
            .build());
  }

  @Override
  public void createSite(CreateSiteRequest request, StreamObserver<CreateSiteResponse> observer) {
    Site site =
        sites.create(
            admin(),
            Messages.newSite(
                request.getName(),
                request.getTimeZone(),
                request.hasCenter() ? request.getCenter() : null,
                request.hasRadiusM() ? request.getRadiusM() : null,
                request.getPolygonList()));
    reply(observer, CreateSiteResponse.newBuilder().setSite(Messages.site(site)).build());
  }

  @Override
  public void addSiteMembers(
      AddSiteMembersRequest request, StreamObserver<AddSiteMembersResponse> observer) {
    reply(
        observer,
        AddSiteMembersResponse.newBuilder()
            .setAdded(sites.addMembers(admin(), request.getSiteId(), request.getUserIdsList()))
            .build());
  }

  @Override
  public void setSchedule(
      SetScheduleRequest request, StreamObserver<SetScheduleResponse> observer) {
    long userId = userId(request.getUserId());
    WorkSchedule saved = schedules.setSchedule(admin(), userId, Requests.schedule(request));
    reply(
        observer,
        SetScheduleResponse.newBuilder()
            .setMessage("Schedule saved")
            .setSchedule(Messages.schedule(saved).setUserId(userId).setSource("user"))
            .build());
  }

  @Override
  public void getSchedule(
      GetScheduleRequest request, StreamObserver<GetScheduleResponse> observer) {
    long userId = userId(request.getUserId());
    Schedules.Assigned assigned = schedules.schedule(userId);
    Schedule.Builder schedule =
        Messages.schedule(assigned.schedule()).setUserId(userId).setSource(assigned.source());
    if (assigned.departmentId() != null) {
      schedule.setDepartmentId(assigned.departmentId());
    }
    reply(observer, GetScheduleResponse.newBuilder().setSchedule(schedule).build());
  }

  @Override
  public void clearSchedule(
      ClearScheduleRequest request, StreamObserver<ClearScheduleResponse> observer) {
    schedules.clearSchedule(admin(), userId(request.getUserId()));
    reply(observer, ClearScheduleResponse.newBuilder().setMessage("Schedule removed").build());
  }

  @Override
  public void setDepartmentSchedule(
      SetDepartmentScheduleRequest request,
      StreamObserver<SetDepartmentScheduleResponse> observer) {
    long departmentId = departmentId(request.getDepartmentId());
    WorkSchedule saved =
        schedules.setDepartmentSchedule(admin(), departmentId, Requests.schedule(request));
    reply(
        observer,
        SetDepartmentScheduleResponse.newBuilder()
            .setMessage("Schedule saved")
            .setSchedule(
                Messages.schedule(saved).setDepartmentId(departmentId).setSource("department"))
            .build());
  }

  @Override
  public void getDepartmentSchedule(
      GetDepartmentScheduleRequest request,
      StreamObserver<GetDepartmentScheduleResponse> observer) {
    long departmentId = departmentId(request.getDepartmentId());
    reply(
        observer,
        GetDepartmentScheduleResponse.newBuilder()
            .setSchedule(
                Messages.schedule(schedules.departmentSchedule(departmentId))
                    .setDepartmentId(departmentId)
                    .setSource("department"))
            .build());
  }

  @Override
  public void clearDepartmentSchedule(
      ClearDepartmentScheduleRequest request,
      StreamObserver<ClearDepartmentScheduleResponse> observer) {
    schedules.clearDepartmentSchedule(admin(), departmentId(request.getDepartmentId()));
    reply(
        observer,
        ClearDepartmentScheduleResponse.newBuilder().setMessage("Schedule removed").build());
  }

  private static long departmentId(long id) {
    return Fields.id("department_id", id);
  }
}
