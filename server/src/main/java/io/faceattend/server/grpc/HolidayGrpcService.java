package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.DeleteHolidayRequest;
import io.faceattend.proto.v1.DeleteHolidayResponse;
import io.faceattend.proto.v1.HolidayServiceGrpc;
import io.faceattend.proto.v1.ListHolidaysRequest;
import io.faceattend.proto.v1.ListHolidaysResponse;
import io.faceattend.proto.v1.SetHolidayRequest;
import io.faceattend.proto.v1.SetHolidayResponse;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.holidays.Holidays;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Holidays}. */
public record HolidayGrpcService(Holidays holidays) implements HolidayServiceGrpc.AsyncService {

  @Override
  public void listHolidays(
      ListHolidaysRequest request, StreamObserver<ListHolidaysResponse> observer) {
    if (request.getYear() < 0 || request.getYear() > 9999) {
      throw ApiException.invalid("year must be between 1 and 9999");
    }
    reply(observer, holidays.list(request.getYear()));
  }

  @Override
  public void setHoliday(SetHolidayRequest request, StreamObserver<SetHolidayResponse> observer) {
    reply(
        observer,
        SetHolidayResponse.newBuilder()
            .setHoliday(holidays.set(Caller.current(), request.getDate(), request.getName()))
            .build());
  }

  @Override
  public void deleteHoliday(
      DeleteHolidayRequest request, StreamObserver<DeleteHolidayResponse> observer) {
    holidays.delete(Caller.current(), request.getDate());
    reply(observer, DeleteHolidayResponse.newBuilder().setMessage("Holiday removed").build());
  }
}
