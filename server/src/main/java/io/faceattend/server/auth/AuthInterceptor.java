package io.faceattend.server.auth;

import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.CheckFirstListener;
import io.faceattend.server.error.ErrorCode;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Enforces each RPC's access policy (the {@code access} option in proto/). A caller is a user
 * (access token in {@code authorization}) or a machine (API key in {@code x-api-key}, admitted only
 * where the policy lists one of its scopes). The token check is pure CPU and runs at once; the
 * database check (session open and user allowed, or key valid and scoped) runs on the call's first
 * callback, which grpc-java and Armeria (with its blocking executor) dispatch off the network event
 * loop.
 */
public final class AuthInterceptor implements ServerInterceptor {

  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Set by the gateway's REST adapter for the real client address; trusted only on in-process
   * calls.
   */
  public static final Metadata.Key<String> FORWARDED_CLIENT_IP =
      Metadata.Key.of("x-faceattend-client-ip", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Set by the gateway's REST adapter for the HTTP client's User-Agent; trusted only on in-process
   * calls.
   */
  public static final Metadata.Key<String> FORWARDED_USER_AGENT =
      Metadata.Key.of("x-faceattend-user-agent", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * A machine credential (see {@link ApiKeys}); the REST adapter forwards the X-Api-Key header
   * here.
   */
  public static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

  private static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  private final AccessPolicies policies = new AccessPolicies();
  private final TokenService tokens;
  private final SessionVerifier sessions;
  private final ApiKeys apiKeys;

  public AuthInterceptor(TokenService tokens, SessionVerifier sessions, ApiKeys apiKeys) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.apiKeys = apiKeys;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Caller.Origin origin = originOf(call, headers);
    Context context = Context.current().withValue(CallContext.ORIGIN, origin);
    Optional<AccessPolicy> policy = policies.of(call.getMethodDescriptor());
    if (policy.isEmpty()) {
      // fail closed: an RPC without a declared policy is a bug, not an open door
      return reject(
          call, new ApiException(ErrorCode.FORBIDDEN, "This method has no access policy"));
    }
    if (policy.get().getPublic()) {
      return Contexts.interceptCall(context, call, headers, next);
    }
    String apiKey = headers.get(API_KEY);
    Supplier<CallerIdentity> check;
    if (apiKey != null) {
      if (headers.get(AUTHORIZATION) != null) {
        return reject(
            call,
            new ApiException(
                ErrorCode.INVALID_TOKEN, "Send either Authorization or X-Api-Key, not both"));
      }
      if (policy.get().getMachineScopesList().isEmpty()) {
        return reject(
            call, new ApiException(ErrorCode.FORBIDDEN, "This method does not accept API keys"));
      }
      AccessPolicy machinePolicy = policy.get();
      check = () -> apiKeys.authenticate(apiKey.trim(), machinePolicy);
    } else {
      AccessClaims claims;
      try {
        claims = tokens.verifyAccessToken(bearerToken(headers));
      } catch (ApiException e) {
        return reject(call, e);
      }
      AccessPolicy userPolicy = policy.get();
      check = () -> sessions.verify(claims, userPolicy, origin);
      context = context.withValue(CallContext.TOKEN_EXPIRES, claims.expiresAt());
    }
    CallContext.IdentitySlot slot = new CallContext.IdentitySlot();
    ServerCall.Listener<Q> delegate =
        Contexts.interceptCall(context.withValue(CallContext.CALLER, slot), call, headers, next);
    // the credential check runs before the first callback reaches the service
    return new CheckFirstListener<>(delegate, call, () -> slot.identity = check.get());
  }

  private static String bearerToken(Metadata headers) {
    String value = headers.get(AUTHORIZATION);
    if (value == null || value.isBlank()) {
      throw new ApiException(
          ErrorCode.MISSING_TOKEN, "Authorization: Bearer <access_token> is required");
    }
    String trimmed = value.trim();
    if (!trimmed.regionMatches(true, 0, "Bearer ", 0, 7) || trimmed.length() <= 7) {
      throw new ApiException(
          ErrorCode.INVALID_TOKEN, "Authorization must be 'Bearer <access_token>'");
    }
    return trimmed.substring(7).trim();
  }

  private static Caller.Origin originOf(ServerCall<?, ?> call, Metadata headers) {
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String ip = null;
    String userAgent = headers.get(USER_AGENT);
    if (remote instanceof InProcessSocketAddress || remote == null) {
      ip = headers.get(FORWARDED_CLIENT_IP);
      userAgent = headers.get(FORWARDED_USER_AGENT);
    } else if (remote instanceof InetSocketAddress inet) {
      ip = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return new Caller.Origin(ip, userAgent);
  }

  private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, ApiException e) {
    CheckFirstListener.close(call, e);
    return new ServerCall.Listener<>() {};
  }
}
