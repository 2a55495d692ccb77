package io.faceattend.server.grpc;

import static io.faceattend.server.grpc.Unary.reply;

import io.faceattend.proto.v1.GetPayrollRequest;
import io.faceattend.proto.v1.GetPayrollResponse;
import io.faceattend.proto.v1.MarkPaidRequest;
import io.faceattend.proto.v1.MarkPaidResponse;
import io.faceattend.proto.v1.PayrollServiceGrpc;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.payroll.Payroll;
import io.faceattend.server.reports.ReportQuery;
import io.grpc.stub.StreamObserver;

/** gRPC face of {@link Payroll}. */
public record PayrollGrpcService(Payroll payroll) implements PayrollServiceGrpc.AsyncService {

  @Override
  public void getPayroll(GetPayrollRequest request, StreamObserver<GetPayrollResponse> observer) {
    reply(observer, payroll.payroll(Caller.current(), Requests.reportQuery(request)));
  }

  @Override
  public void markPaid(MarkPaidRequest request, StreamObserver<MarkPaidResponse> observer) {
    reply(
        observer,
        MarkPaidResponse.newBuilder()
            .setPayment(
                payroll.markPaid(
                    Caller.current(),
                    request.getUserId(),
                    ReportQuery.parse(request.getFrom(), request.getTo(), 0, 0, 0)))
            .build());
  }
}
