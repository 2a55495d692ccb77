package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.AddDepartmentMembersRequest;
import io.faceattend.proto.v1.AddDepartmentMembersResponse;
import io.faceattend.proto.v1.CreateDepartmentRequest;
import io.faceattend.proto.v1.CreateDepartmentResponse;
import io.faceattend.proto.v1.CreateUserRequest;
import io.faceattend.proto.v1.CreateUserResponse;
import io.faceattend.proto.v1.DeactivateUserRequest;
import io.faceattend.proto.v1.DeactivateUserResponse;
import io.faceattend.proto.v1.DeleteDepartmentRequest;
import io.faceattend.proto.v1.DeleteDepartmentResponse;
import io.faceattend.proto.v1.GetDepartmentRequest;
import io.faceattend.proto.v1.GetDepartmentResponse;
import io.faceattend.proto.v1.GetUserRequest;
import io.faceattend.proto.v1.GetUserResponse;
import io.faceattend.proto.v1.ImportUsersRequest;
import io.faceattend.proto.v1.ImportUsersResponse;
import io.faceattend.proto.v1.ListDepartmentsRequest;
import io.faceattend.proto.v1.ListDepartmentsResponse;
import io.faceattend.proto.v1.ListUsersRequest;
import io.faceattend.proto.v1.ListUsersResponse;
import io.faceattend.proto.v1.PeopleServiceGrpc;
import io.faceattend.proto.v1.ReactivateUserRequest;
import io.faceattend.proto.v1.ReactivateUserResponse;
import io.faceattend.proto.v1.ResetPasswordRequest;
import io.faceattend.proto.v1.ResetPasswordResponse;
import io.faceattend.proto.v1.SetDepartmentManagersRequest;
import io.faceattend.proto.v1.SetDepartmentManagersResponse;
import io.faceattend.proto.v1.UpdateDepartmentRequest;
import io.faceattend.proto.v1.UpdateDepartmentResponse;
import io.faceattend.proto.v1.UpdateUserRequest;
import io.faceattend.proto.v1.UpdateUserResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.Fields;
import io.faceattend.server.people.Departments;
import io.faceattend.server.people.People;
import io.faceattend.server.people.UserImport;
import io.grpc.stub.StreamObserver;

/**
 * gRPC face of {@link People} and {@link Departments}; the caller's role and groups decide what
 * they see.
 */
public record PeopleGrpcService(People people, Departments departments, UserImport userImport)
    implements PeopleServiceGrpc.AsyncService {

  @Override
  public void importUsers(
      ImportUsersRequest request, StreamObserver<ImportUsersResponse> observer) {
    reply(observer, userImport.importCsv(Caller.current(), request.getFile().toByteArray()));
  }

  @Override
  public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> observer) {
    reply(
        observer,
        people.list(
            Caller.current(),
            new People.Filter(
                request.getRole(),
                request.getDepartmentId(),
                request.getStatus(),
                request.getSearch(),
                request.getPage(),
                request.getPageSize())));
  }

  @Override
  public void createUser(CreateUserRequest request, StreamObserver<CreateUserResponse> observer) {
    reply(
        observer,
        CreateUserResponse.newBuilder()
            .setUser(
                people.create(
                    Caller.current(),
                    new People.NewPerson(
                        request.getUsername(),
                        request.getPassword(),
                        new People.Profile(
                            request.getName(),
                            request.getEmail(),
                            request.getRole(),
                            request.hasEmployeeId() ? request.getEmployeeId() : null,
                            request.hasDepartmentId() ? request.getDepartmentId() : null,
                            request.hasHourlyRate() ? request.getHourlyRate() : null))))
            .build());
  }

  @Override
  public void getUser(GetUserRequest request, StreamObserver<GetUserResponse> observer) {
    reply(
        observer,
        GetUserResponse.newBuilder()
            .setUser(people.get(Caller.current(), Fields.id("user_id", request.getUserId())))
            .build());
  }

  @Override
  public void updateUser(UpdateUserRequest request, StreamObserver<UpdateUserResponse> observer) {
    reply(
        observer,
        UpdateUserResponse.newBuilder()
            .setUser(
                people.update(
                    Caller.current(),
                    Fields.id("user_id", request.getUserId()),
                    new People.Profile(
                        request.hasName() ? request.getName() : null,
                        request.hasEmail() ? request.getEmail() : null,
                        request.hasRole() ? request.getRole() : null,
                        request.hasEmployeeId() ? request.getEmployeeId() : null,
                        request.hasDepartmentId() ? request.getDepartmentId() : null,
                        request.hasHourlyRate() ? request.getHourlyRate() : null)))
            .build());
  }

  @Override
  public void deactivateUser(
      DeactivateUserRequest request, StreamObserver<DeactivateUserResponse> observer) {
    people.deactivate(Caller.current(), Fields.id("user_id", request.getUserId()));
    reply(observer, DeactivateUserResponse.newBuilder().setMessage("User deactivated").build());
  }

  @Override
  public void reactivateUser(
      ReactivateUserRequest request, StreamObserver<ReactivateUserResponse> observer) {
    reply(
        observer,
        ReactivateUserResponse.newBuilder()
            .setUser(people.reactivate(Caller.current(), Fields.id("user_id", request.getUserId())))
            .build());
  }

  @Override
  public void resetPassword(
      ResetPasswordRequest request, StreamObserver<ResetPasswordResponse> observer) {
    people.resetPassword(
        Caller.current(), Fields.id("user_id", request.getUserId()), request.getNewPassword());
    reply(
        observer,
        ResetPasswordResponse.newBuilder()
            .setMessage("Password reset; the user's sessions have ended")
            .build());
  }

  @Override
  public void listDepartments(
      ListDepartmentsRequest request, StreamObserver<ListDepartmentsResponse> observer) {
    var results = departments.list(Caller.current(), request.getKind());
    reply(
        observer,
        ListDepartmentsResponse.newBuilder()
            .setCount(results.size())
            .addAllResults(results)
            .build());
  }

  @Override
  public void createDepartment(
      CreateDepartmentRequest request, StreamObserver<CreateDepartmentResponse> observer) {
    reply(
        observer,
        CreateDepartmentResponse.newBuilder()
            .setDepartment(
                departments.create(
                    Caller.current(),
                    request.getName(),
                    request.getKind(),
                    request.hasDescription() ? request.getDescription() : null))
            .build());
  }

  @Override
  public void getDepartment(
      GetDepartmentRequest request, StreamObserver<GetDepartmentResponse> observer) {
    reply(
        observer,
        GetDepartmentResponse.newBuilder()
            .setDepartment(
                departments.get(
                    Caller.current(), Fields.id("department_id", request.getDepartmentId())))
            .build());
  }

  @Override
  public void updateDepartment(
      UpdateDepartmentRequest request, StreamObserver<UpdateDepartmentResponse> observer) {
    reply(
        observer,
        UpdateDepartmentResponse.newBuilder()
            .setDepartment(
                departments.update(
                    Caller.current(),
                    Fields.id("department_id", request.getDepartmentId()),
                    request.hasName() ? request.getName() : null,
                    request.hasKind() ? request.getKind() : null,
                    request.hasDescription() ? request.getDescription() : null))
            .build());
  }

  @Override
  public void deleteDepartment(
      DeleteDepartmentRequest request, StreamObserver<DeleteDepartmentResponse> observer) {
    departments.delete(Caller.current(), Fields.id("department_id", request.getDepartmentId()));
    reply(observer, DeleteDepartmentResponse.newBuilder().setMessage("Department deleted").build());
  }

  @Override
  public void setDepartmentManagers(
      SetDepartmentManagersRequest request,
      StreamObserver<SetDepartmentManagersResponse> observer) {
    reply(
        observer,
        SetDepartmentManagersResponse.newBuilder()
            .setDepartment(
                departments.setManagers(
                    Caller.current(),
                    Fields.id("department_id", request.getDepartmentId()),
                    request.getUserIdsList()))
            .build());
  }

  @Override
  public void addDepartmentMembers(
      AddDepartmentMembersRequest request, StreamObserver<AddDepartmentMembersResponse> observer) {
    reply(
        observer,
        AddDepartmentMembersResponse.newBuilder()
            .setMoved(
                departments.addMembers(
                    Caller.current(),
                    Fields.id("department_id", request.getDepartmentId()),
                    request.getUserIdsList()))
            .build());
  }
}
