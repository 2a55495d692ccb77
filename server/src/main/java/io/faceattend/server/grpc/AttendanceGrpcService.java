package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.CheckInRequest;
import io.faceattend.proto.v1.CheckInResponse;
import io.faceattend.proto.v1.CheckOutRequest;
import io.faceattend.proto.v1.CheckOutResponse;
import io.faceattend.proto.v1.GetStatusRequest;
import io.faceattend.proto.v1.GetStatusResponse;
import io.faceattend.server.attendance.PunchRequest;
import io.faceattend.server.attendance.PunchResult;
import io.faceattend.server.attendance.Punches;
import io.faceattend.server.attendance.TodayStatus;
import io.faceattend.server.auth.Caller;
import io.grpc.stub.StreamObserver;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** Today's status and the punches. */
public record AttendanceGrpcService(TodayStatus todayStatus, Punches punches)
    implements AttendanceServiceGrpc.AsyncService {

  /** 2026-01-15T09:02:00, as the seed writes punch times. */
  private static final DateTimeFormatter LOCAL_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> observer) {
    reply(observer, todayStatus.of(Caller.current()));
  }

  @Override
  public void checkIn(CheckInRequest request, StreamObserver<CheckInResponse> observer) {
    reply(
        observer,
        punch(
            Requests.punch(PunchRequest.PunchKind.CHECK_IN, request),
            result ->
                CheckInResponse.newBuilder()
                    .setVerified(true)
                    .setLiveness(true)
                    .setCheckInTime(result.localTime().format(LOCAL_DATE_TIME))
                    .setWithinAllowedTime(result.withinAllowedTime())
                    .build(),
            CheckInResponse::parseFrom));
  }

  @Override
  public void checkOut(CheckOutRequest request, StreamObserver<CheckOutResponse> observer) {
    reply(
        observer,
        punch(
            Requests.punch(PunchRequest.PunchKind.CHECK_OUT, request),
            result ->
                CheckOutResponse.newBuilder()
                    .setVerified(true)
                    .setLiveness(true)
                    .setCheckOutTime(result.localTime().format(LOCAL_DATE_TIME))
                    .setWithinAllowedTime(result.withinAllowedTime())
                    .build(),
            CheckOutResponse::parseFrom));
  }

  private interface Parser<T> {
    T parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  /** The caller's punch, answered with the response the check-in or check-out RPC returns. */
  private <T extends Message> T punch(
      PunchRequest request, Function<PunchResult, T> build, Parser<T> parser) {
    Caller caller = Caller.current();
    return punches.punch(caller, request, caller.clientIp(), codec(build, parser));
  }

  private static <T extends Message> Punches.ResponseCodec<T> codec(
      Function<PunchResult, T> build, Parser<T> parser) {
    return new Punches.ResponseCodec<>() {
      @Override
      public T build(PunchResult result) {
        return build.apply(result);
      }

      @Override
      public byte[] encode(T response) {
        return response.toByteArray();
      }

      @Override
      public T decode(byte[] stored) {
        try {
          return parser.parse(stored);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("Stored idempotent response is corrupt", e);
        }
      }
    };
  }
}
