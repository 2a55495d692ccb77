package io.faceattend.face.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.faceattend.face.SharedEngine;
import io.faceattend.face.TestPhotos;
import io.faceattend.face.client.RemoteFaceEngineClient;
import io.faceattend.proto.v1.AnalyzeRequest;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standalone engine process's server: FaceEngineService and health on one port. */
class FaceEngineServerTest {
  @Test
  void servesHealthAndTheFaceEngine() throws Exception {
    try (FaceEngineServer server =
        new FaceEngineServer(SharedEngine.get(), "127.0.0.1", 0, StreamSettings.DEFAULT).start()) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        assertThat(health.check(HealthCheckRequest.newBuilder().build()).getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(
                health
                    .check(
                        HealthCheckRequest.newBuilder()
                            .setService(FaceEngineServiceGrpc.SERVICE_NAME)
                            .build())
                    .getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow();
      }
      try (RemoteFaceEngineClient client =
          new RemoteFaceEngineClient(List.of("127.0.0.1:" + server.port()))) {
        assertThat(
                client
                    .analyze(
                        AnalyzeRequest.newBuilder()
                            .setImage(ByteString.copyFrom(TestPhotos.bytes("groups/couple.jpg")))
                            .build())
                    .getFacesCount())
            .isEqualTo(2);
      }
    }
  }
}
