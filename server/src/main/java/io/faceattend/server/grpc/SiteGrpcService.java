package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AssignSiteToDepartmentRequest;
import io.faceattend.proto.v1.AssignSiteToDepartmentResponse;
import io.faceattend.proto.v1.DeleteSiteRequest;
import io.faceattend.proto.v1.DeleteSiteResponse;
import io.faceattend.proto.v1.ListSiteMembersRequest;
import io.faceattend.proto.v1.ListSiteMembersResponse;
import io.faceattend.proto.v1.ListSitesRequest;
import io.faceattend.proto.v1.ListSitesResponse;
import io.faceattend.proto.v1.RemoveSiteMemberRequest;
import io.faceattend.proto.v1.RemoveSiteMemberResponse;
import io.faceattend.proto.v1.SiteMember;
import io.faceattend.proto.v1.SiteServiceGrpc;
import io.faceattend.proto.v1.UnassignSiteFromDepartmentRequest;
import io.faceattend.proto.v1.UnassignSiteFromDepartmentResponse;
import io.faceattend.proto.v1.UpdateSiteRequest;
import io.faceattend.proto.v1.UpdateSiteResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.sites.SiteAdmin;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link SiteAdmin}. */
public record SiteGrpcService(SiteAdmin sites) implements SiteServiceGrpc.AsyncService {

  @Override
  public void listSites(ListSitesRequest request, StreamObserver<ListSitesResponse> observer) {
    var all = sites.list();
    ListSitesResponse.Builder response = ListSitesResponse.newBuilder().setCount(all.size());
    all.forEach(site -> response.addResults(Messages.site(site)));
    reply(observer, response.build());
  }

  @Override
  public void updateSite(UpdateSiteRequest request, StreamObserver<UpdateSiteResponse> observer) {
    reply(
        observer,
        UpdateSiteResponse.newBuilder()
            .setSite(
                Messages.site(
                    sites.update(
                        Caller.current(),
                        request.getSiteId(),
                        Messages.newSite(
                            request.getName(),
                            request.getTimeZone(),
                            request.hasCenter() ? request.getCenter() : null,
                            request.hasRadiusM() ? request.getRadiusM() : null,
                            request.getPolygonList()))))
            .build());
  }

  @Override
  public void deleteSite(DeleteSiteRequest request, StreamObserver<DeleteSiteResponse> observer) {
    sites.retire(Caller.current(), request.getSiteId());
    reply(observer, DeleteSiteResponse.newBuilder().setMessage("Site retired").build());
  }

  @Override
  public void assignSiteToDepartment(
      AssignSiteToDepartmentRequest request,
      StreamObserver<AssignSiteToDepartmentResponse> observer) {
    reply(
        observer,
        AssignSiteToDepartmentResponse.newBuilder()
            .setAdded(
                sites.assignDepartment(
                    Caller.current(), request.getSiteId(), request.getDepartmentId()))
            .build());
  }

  @Override
  public void unassignSiteFromDepartment(
      UnassignSiteFromDepartmentRequest request,
      StreamObserver<UnassignSiteFromDepartmentResponse> observer) {
    sites.unassignDepartment(Caller.current(), request.getSiteId(), request.getDepartmentId());
    reply(
        observer,
        UnassignSiteFromDepartmentResponse.newBuilder().setMessage("Group unassigned").build());
  }

  @Override
  public void listSiteMembers(
      ListSiteMembersRequest request, StreamObserver<ListSiteMembersResponse> observer) {
    SiteAdmin.Members members = sites.members(request.getSiteId());
    ListSiteMembersResponse.Builder response =
        ListSiteMembersResponse.newBuilder()
            .setCount(members.people().size())
            .addAllDepartmentIds(members.departmentIds());
    members
        .people()
        .forEach(
            m -> {
              SiteMember.Builder member =
                  SiteMember.newBuilder()
                      .setUserId(m.userId())
                      .setUsername(m.username())
                      .setName(m.name())
                      .setDirect(m.direct());
              if (m.viaDepartmentId() != null) {
                member.setViaDepartmentId(m.viaDepartmentId());
              }
              response.addResults(member);
            });
    reply(observer, response.build());
  }

  @Override
  public void removeSiteMember(
      RemoveSiteMemberRequest request, StreamObserver<RemoveSiteMemberResponse> observer) {
    sites.removeMember(Caller.current(), request.getSiteId(), request.getUserId());
    reply(observer, RemoveSiteMemberResponse.newBuilder().setMessage("Member removed").build());
  }
}
