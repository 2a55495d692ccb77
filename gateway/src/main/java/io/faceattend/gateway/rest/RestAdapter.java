package io.faceattend.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.proto.v1.AccessProto;
import io.faceattend.proto.v1.PayrollServiceGrpc;
import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The REST face of the gRPC services. Routes come from the {@code google.api.http} annotations in
 * proto/, so the contract and the routes cannot drift apart. Each request becomes the RPC's request
 * message (JSON body, query parameters, path variables), is sent to the very same service over an
 * in-process gRPC channel (so it passes the same auth interceptor), and the answer is written in
 * the seed's JSON style ({@link SeedJson}).
 */
public final class RestAdapter {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The gRPC deadline when the HTTP request has no timeout; otherwise the request's own (see
   * timeoutFor).
   */
  private static final long DEFAULT_DEADLINE_MILLIS = 60_000;

  private final InProcessChannel channel;
  private final Map<RestRoute, MethodDescriptor<Message, Message>> routes;

  private RestAdapter(
      InProcessChannel channel, Map<RestRoute, MethodDescriptor<Message, Message>> routes) {
    this.channel = channel;
    this.routes = routes;
  }

  /**
   * Reads the REST routes of {@code services}, served over {@code channel} (which hosts them). A
   * rule the adapter cannot serve as written fails here, at start, not at the first request.
   */
  public static RestAdapter start(
      List<ServerServiceDefinition> services, InProcessChannel channel) {
    Map<RestRoute, MethodDescriptor<Message, Message>> routes = new LinkedHashMap<>();
    for (ServerServiceDefinition service : services) {
      if (!(service.getServiceDescriptor().getSchemaDescriptor()
          instanceof ProtoServiceDescriptorSupplier supplier)) {
        continue;
      }
      Descriptors.ServiceDescriptor descriptor = supplier.getServiceDescriptor();
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        Descriptors.MethodDescriptor proto =
            descriptor.findMethodByName(method.getMethodDescriptor().getBareMethodName());
        if (proto == null || !proto.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        HttpRule rule = proto.getOptions().getExtension(AnnotationsProto.http);
        String name = method.getMethodDescriptor().getFullMethodName();
        if (method.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
          throw new IllegalStateException(name + ": only unary RPCs can have a REST route");
        }
        @SuppressWarnings("unchecked")
        MethodDescriptor<Message, Message> md =
            (MethodDescriptor<Message, Message>) method.getMethodDescriptor();
        routes.put(RestRoute.of(rule, name), md);
      }
    }
    return new RestAdapter(channel, routes);
  }

  /** Each route with what the OpenAPI document needs: message types and access policy. */
  public List<OpenApiDocument.RouteInfo> routeInfos() {
    List<OpenApiDocument.RouteInfo> infos = new ArrayList<>();
    routes.forEach(
        (route, method) -> {
          var proto =
              ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor()).getMethodDescriptor();
          var access =
              proto.getOptions().hasExtension(AccessProto.access)
                  ? proto.getOptions().getExtension(AccessProto.access)
                  : AccessPolicy.getDefaultInstance();
          infos.add(
              new OpenApiDocument.RouteInfo(
                  route,
                  proto.getInputType(),
                  proto.getOutputType(),
                  access,
                  proto.getService().getName() + "." + proto.getName()));
        });
    return infos;
  }

  /** The routes read from the contract, in declaration order. */
  public List<RestRoute> routes() {
    return new ArrayList<>(routes.keySet());
  }

  /**
   * The Armeria service that serves {@code route}: JSON (or query parameters), or
   * multipart/form-data.
   */
  public HttpService serviceFor(RestRoute route) {
    MethodDescriptor<Message, Message> method = routes.get(route);
    Message prototype =
        (Message)
            ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
    return (ctx, req) -> {
      MediaType type = req.contentType();
      CompletableFuture<Message> request;
      if (route.hasBody() && type != null && type.is(MediaType.MULTIPART_FORM_DATA)) {
        // photos arrive as multipart parts; read into memory (Armeria's Multipart API), never to
        // disk
        request =
            MultipartRequests.read(req)
                .thenApply(
                    multipart -> MultipartRequests.toMessage(prototype, multipart, req.headers()));
      } else {
        request =
            req.aggregate().thenApply(aggregated -> toRequest(ctx, route, prototype, aggregated));
      }
      return HttpResponse.of(
          request
              .thenCompose(message -> call(ctx, method, message, req.headers()))
              .exceptionally(RestErrors::fromThrowable));
    };
  }

  /**
   * How long a route may take: Armeria's 10 s for plain calls; a minute for photo and file uploads
   * (a photo's analysis waits for a free core at rush hour); five for reports and payroll, which
   * add up a year of a large organisation. The in-process gRPC call gets the same deadline.
   */
  public Duration timeoutFor(RestRoute route) {
    String method = route.fullMethodName();
    if (method.startsWith(ReportServiceGrpc.SERVICE_NAME + "/")
        || method.equals(PayrollServiceGrpc.getGetPayrollMethod().getFullMethodName())) {
      return Duration.ofMinutes(5);
    }
    return Duration.ofSeconds(acceptsUploads(route) ? 60 : 10);
  }

  /** Whether the route's request carries bytes (photos), so it needs the upload size limit. */
  public boolean acceptsUploads(RestRoute route) {
    Message prototype =
        (Message)
            ((MethodDescriptor.PrototypeMarshaller<?>) routes.get(route).getRequestMarshaller())
                .getMessagePrototype();
    return prototype.getDescriptorForType().getFields().stream()
        .anyMatch(f -> f.getJavaType() == Descriptors.FieldDescriptor.JavaType.BYTE_STRING);
  }

  private static Message toRequest(
      ServiceRequestContext ctx,
      RestRoute route,
      Message prototype,
      AggregatedHttpRequest request) {
    Message.Builder builder = prototype.newBuilderForType();
    if (route.hasBody() && !request.content().isEmpty()) {
      MediaType type = request.contentType();
      if (type != null && !type.is(MediaType.JSON) && !type.subtype().endsWith("+json")) {
        throw new ApiException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
      }
      JsonNode json;
      try {
        json = MAPPER.readTree(request.content().array());
      } catch (JsonProcessingException e) {
        throw new ApiException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SeedJson.merge(json, builder);
    }
    if (!route.hasBody()) {
      QueryParams query = ctx.queryParams();
      for (String name : query.names()) {
        for (String value : query.getAll(name)) {
          SeedJson.setFromText(builder, name, value);
        }
      }
    }
    ctx.pathParams().forEach((name, value) -> SeedJson.setFromText(builder, name, value));
    MultipartRequests.applyIdempotencyKey(builder, request.headers());
    return builder.build();
  }

  private CompletableFuture<HttpResponse> call(
      ServiceRequestContext ctx,
      MethodDescriptor<Message, Message> method,
      Message request,
      RequestHeaders httpHeaders) {
    Channel withHeaders = channel.forwarding(ctx, httpHeaders);
    CompletableFuture<HttpResponse> result = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(
        withHeaders.newCall(
            method,
            CallOptions.DEFAULT.withDeadlineAfter(
                ctx.requestTimeoutMillis() > 0
                    ? ctx.requestTimeoutMillis()
                    : DEFAULT_DEADLINE_MILLIS,
                TimeUnit.MILLISECONDS)),
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(Message response) {
            result.complete(
                HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, SeedJson.success(response)));
          }

          @Override
          public void onError(Throwable t) {
            result.complete(RestErrors.fromThrowable(t));
          }

          @Override
          public void onCompleted() {}
        });
    return result;
  }
}
