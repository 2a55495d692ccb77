package io.faceattend.gateway.export;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.faceattend.gateway.rest.InProcessChannel;
import io.faceattend.gateway.rest.RestErrors;
import io.faceattend.proto.v1.ExportMyDataRequest;
import io.faceattend.proto.v1.ExportUserDataRequest;
import io.faceattend.proto.v1.PrivacyServiceGrpc;
import io.faceattend.server.error.ErrorCode;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The GDPR exports over REST ({@code GET /api/user/export}, {@code GET
 * /api/admin/users/{user_id}/export}): the contract's routes, answered with the ZIP itself rather
 * than JSON. The bytes come from {@code PrivacyService} over the in-process hop, so authentication
 * and the rate limit are the interceptors'.
 */
public final class PersonalDataExport implements HttpService {

  /** The contract's routes this service answers in place of the JSON adapter. */
  public static final List<String> PATHS =
      List.of("/api/user/export", "/api/admin/users/{user_id}/export");

  private final InProcessChannel channel;

  public PersonalDataExport(InProcessChannel channel) {
    this.channel = channel;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String userParam = ctx.pathParam("user_id");
    Long userId = null;
    if (userParam != null) {
      try {
        userId = Long.parseLong(userParam);
      } catch (NumberFormatException e) {
        return RestErrors.response(ErrorCode.INVALID_ARGUMENT, "user_id must be a number");
      }
    }
    Channel authenticated = channel.forwarding(ctx, req.headers());
    Long target = userId;
    return HttpResponse.of(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                var stub = PrivacyServiceGrpc.newBlockingStub(authenticated);
                String fileName;
                ByteString zip;
                if (target == null) {
                  var own = stub.exportMyData(ExportMyDataRequest.getDefaultInstance());
                  fileName = own.getFileName();
                  zip = own.getZip();
                } else {
                  var theirs =
                      stub.exportUserData(
                          ExportUserDataRequest.newBuilder().setUserId(target).build());
                  fileName = theirs.getFileName();
                  zip = theirs.getZip();
                }
                return HttpResponse.of(
                    ResponseHeaders.builder(HttpStatus.OK)
                        .contentType(MediaType.ZIP)
                        .add(
                            HttpHeaderNames.CONTENT_DISPOSITION,
                            "attachment; filename=\"" + fileName + "\"")
                        .build(),
                    HttpData.wrap(zip.toByteArray()));
              } catch (RuntimeException e) {
                return RestErrors.fromThrowable(e);
              }
            },
            ctx.blockingTaskExecutor()));
  }
}
