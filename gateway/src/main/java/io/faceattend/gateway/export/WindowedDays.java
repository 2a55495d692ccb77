package io.faceattend.gateway.export;

import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.proto.v1.StreamAttendanceDaysRequest;
import io.faceattend.proto.v1.StreamAttendanceDaysResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * {@code ReportService.StreamAttendanceDays} as a blocking iterator that asks for rows a window at
 * a time. The generated blocking stub asks for one message per {@code next()}, a round trip per
 * row; this one keeps up to two windows of rows queued, so memory stays bounded and the writer
 * (POI, PDFBox) is not starved. Not thread-safe: one reader.
 */
final class WindowedDays implements Iterator<StreamAttendanceDaysResponse>, AutoCloseable {

  /** The end of the stream, or its failure, as one queue element. */
  private record End(Throwable error) {}

  private final BlockingQueue<Object> queue =
      new ArrayBlockingQueue<>(2 * AttendanceExport.WINDOW + 1);
  private final ClientCall<StreamAttendanceDaysRequest, StreamAttendanceDaysResponse> call;
  private ClientCallStreamObserver<StreamAttendanceDaysRequest> stream;
  private Object next;
  private int takenSinceRequest;

  WindowedDays(Channel channel, StreamAttendanceDaysRequest request) {
    call = channel.newCall(ReportServiceGrpc.getStreamAttendanceDaysMethod(), CallOptions.DEFAULT);
    ClientCalls.asyncServerStreamingCall(
        call,
        request,
        new ClientResponseObserver<StreamAttendanceDaysRequest, StreamAttendanceDaysResponse>() {
          @Override
          public void beforeStart(
              ClientCallStreamObserver<StreamAttendanceDaysRequest> requestStream) {
            stream = requestStream;
            // two windows in flight: the reader drains one while the next arrives
            requestStream.disableAutoRequestWithInitial(2 * AttendanceExport.WINDOW);
          }

          @Override
          public void onNext(StreamAttendanceDaysResponse day) {
            // never blocks: at most two windows are asked for before the reader has taken one
            queue.add(day);
          }

          @Override
          public void onError(Throwable t) {
            queue.add(new End(t));
          }

          @Override
          public void onCompleted() {
            queue.add(new End(null));
          }
        });
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        call.cancel("interrupted", e);
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
    }
    if (next instanceof End end) {
      if (end.error() != null) {
        throw Status.fromThrowable(end.error()).asRuntimeException();
      }
      return false;
    }
    return true;
  }

  @Override
  public StreamAttendanceDaysResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    StreamAttendanceDaysResponse day = (StreamAttendanceDaysResponse) next;
    next = null;
    if (++takenSinceRequest == AttendanceExport.WINDOW) {
      takenSinceRequest = 0;
      stream.request(AttendanceExport.WINDOW);
    }
    return day;
  }

  /** Stops the stream early (a failed write); harmless once it has ended. */
  @Override
  public void close() {
    call.cancel("the export stopped reading", null);
  }
}
