package io.faceattend.gateway.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.sse.ServerSentEvent;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.streaming.ServerSentEvents;
import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.proto.v1.WatchEventsRequest;
import io.faceattend.proto.v1.WatchEventsResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/events/stream}: ReportService.WatchEvents as server-sent events, for browser
 * dashboards. Each event is {@code id:} the event id, {@code event:} its type, {@code data:} the
 * webhook body ({@code {"id", "event", "created_at", "data"}}); the first is {@code feed.started}.
 * Until that first message the answer is still open, so a refused call (401, 403, a bad {@code
 * events} filter) gets the usual JSON error; afterwards a comment every {@link #KEEP_ALIVE} keeps
 * proxies from closing a quiet stream.
 */
public final class EventStream implements HttpService {

  public static final String PATH = "/api/events/stream";
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final InProcessChannel channel;

  public EventStream(InProcessChannel channel) {
    this.channel = channel;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ctx.clearRequestTimeout(); // a feed runs until the client leaves
    WatchEventsRequest.Builder request = WatchEventsRequest.newBuilder();
    // ?events=attendance.check_in,attendance.check_out (or the parameter repeated)
    for (String value : ctx.queryParams().getAll("events")) {
      Arrays.stream(value.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .forEach(request::addEvents);
    }
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    StreamWriter<ServerSentEvent> events = StreamMessage.streaming();
    ReportServiceGrpc.newStub(channel.forwarding(ctx, req.headers()))
        .watchEvents(request.build(), new Bridge(ctx, answer, events));
    return HttpResponse.of(answer);
  }

  /** gRPC messages in, server-sent events out; cancels the gRPC call when the client leaves. */
  private static final class Bridge
      implements ClientResponseObserver<WatchEventsRequest, WatchEventsResponse> {
    private final ServiceRequestContext ctx;
    private final CompletableFuture<HttpResponse> answer;
    private final StreamWriter<ServerSentEvent> events;
    private ScheduledFuture<?> keepAlive;

    Bridge(
        ServiceRequestContext ctx,
        CompletableFuture<HttpResponse> answer,
        StreamWriter<ServerSentEvent> events) {
      this.ctx = ctx;
      this.answer = answer;
      this.events = events;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> call) {
      events.whenComplete().handle((unused, cause) -> cancel(call));
      ctx.whenRequestCancelling().thenRun(() -> cancel(call));
    }

    private Void cancel(ClientCallStreamObserver<WatchEventsRequest> call) {
      if (keepAlive != null) {
        keepAlive.cancel(false);
      }
      call.cancel("the client left", null);
      return null;
    }

    @Override
    public void onNext(WatchEventsResponse event) {
      if (!answer.isDone()) {
        answer.complete(ServerSentEvents.fromPublisher(events));
        long every = KEEP_ALIVE.toMillis();
        keepAlive =
            ctx.eventLoop()
                .scheduleAtFixedRate(
                    () -> events.tryWrite(ServerSentEvent.ofComment("keep-alive")),
                    every,
                    every,
                    TimeUnit.MILLISECONDS);
      }
      events.tryWrite(
          ServerSentEvent.builder()
              .id(event.getId())
              .event(event.getEvent())
              .data(webhookBody(event))
              .build());
    }

    @Override
    public void onError(Throwable t) {
      if (!answer.isDone()) {
        answer.complete(RestErrors.fromThrowable(t));
      }
      stopKeepAlive();
      events.close();
    }

    @Override
    public void onCompleted() {
      stopKeepAlive();
      events.close();
    }

    private void stopKeepAlive() {
      if (keepAlive != null) {
        keepAlive.cancel(false);
      }
    }
  }

  /** The same JSON a webhook receiver gets for the event. */
  static String webhookBody(WatchEventsResponse event) {
    try {
      return "{\"id\":"
          + quote(event.getId())
          + ",\"event\":"
          + quote(event.getEvent())
          + ",\"created_at\":"
          + quote(event.getCreatedAt())
          + ",\"data\":"
          + JsonFormat.printer().omittingInsignificantWhitespace().print(event.getData())
          + "}";
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
