package io.faceattend.gateway.rest;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.faceattend.gateway.observability.RequestIds;
import io.faceattend.server.auth.AuthInterceptor;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The gateway's one in-process gRPC hop: the REST routes and the report export call the very same
 * services (and their auth and error interceptors) through it. {@link #forwarding} is the one place
 * where an HTTP request's caller becomes gRPC metadata: Authorization, X-Api-Key, the client
 * address, the User-Agent (the server trusts the forwarded ones only on in-process calls) and the
 * request id of the access log.
 */
public final class InProcessChannel implements AutoCloseable {

  /** A machine credential on REST; x-api-key metadata on the in-process call. */
  private static final String API_KEY_HEADER = "x-api-key";

  private final Server server;
  private final ManagedChannel channel;

  private InProcessChannel(Server server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  /** Hosts {@code services} in process; calls run on {@code executor} (the services use JDBC). */
  public static InProcessChannel start(List<ServerServiceDefinition> services, Executor executor) {
    String name = "faceattend-gateway-" + UUID.randomUUID();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name).executor(executor);
    services.forEach(builder::addService);
    try {
      return new InProcessChannel(
          builder.build().start(), InProcessChannelBuilder.forName(name).directExecutor().build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The channel for one HTTP request, carrying its caller's headers. */
  public Channel forwarding(ServiceRequestContext ctx, RequestHeaders httpHeaders) {
    Metadata metadata = new Metadata();
    String authorization = httpHeaders.get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null) {
      metadata.put(AuthInterceptor.AUTHORIZATION, authorization);
    }
    String apiKey = httpHeaders.get(API_KEY_HEADER);
    if (apiKey != null) {
      // a machine credential: printable ASCII only (what metadata carries); anything else cannot be
      // one of our keys
      metadata.put(
          AuthInterceptor.API_KEY,
          apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? apiKey : "invalid");
    }
    metadata.put(AuthInterceptor.FORWARDED_CLIENT_IP, ctx.clientAddress().getHostAddress());
    String userAgent = httpHeaders.get(HttpHeaderNames.USER_AGENT);
    // metadata takes printable ASCII only; anything else is dropped rather than failing the call
    if (userAgent != null && userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      metadata.put(AuthInterceptor.FORWARDED_USER_AGENT, userAgent);
    }
    String requestId = httpHeaders.get(RequestIds.HEADER); // set by AccessLog
    if (requestId != null) {
      metadata.put(RequestIds.METADATA, requestId);
    }
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
