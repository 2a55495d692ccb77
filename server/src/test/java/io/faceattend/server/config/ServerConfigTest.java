package io.faceattend.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsAreTheEmbeddedPlatform() {
    ServerConfig config = ServerConfig.from(Map.of());
    assertThat(config.database().isEmbedded()).isTrue();
    assertThat(config.dataDirectory().getFileName().toString()).isEqualTo("data");
    assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.httpPort()).isEqualTo(8080);
  }

  @Test
  void readsEveryVariable() {
    ServerConfig config =
        ServerConfig.from(
            Map.of(
                "FACEATTEND_DATABASE_URL", "jdbc:postgresql://db.internal/faceattend",
                "FACEATTEND_DATABASE_USER", "fa",
                "FACEATTEND_ACCESS_TOKEN_TTL", "300",
                "FACEATTEND_REFRESH_TOKEN_TTL", "P7D",
                "FACEATTEND_TIME_ZONE", "Asia/Karachi",
                "FACEATTEND_HTTP_PORT", "9090"));
    assertThat(config.database().jdbcUrl()).contains("jdbc:postgresql://db.internal/faceattend");
    assertThat(config.database().user()).isEqualTo("fa");
    assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("Asia/Karachi"));
    assertThat(config.httpPort()).isEqualTo(9090);
  }

  @Test
  void invalidValuesNameTheVariable() {
    assertThatThrownBy(() -> ServerConfig.from(Map.of("FACEATTEND_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FACEATTEND_HTTP_PORT");
    assertThatThrownBy(() -> ServerConfig.from(Map.of("FACEATTEND_TIME_ZONE", "Mars/Olympus")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FACEATTEND_TIME_ZONE");
    assertThatThrownBy(() -> ServerConfig.from(Map.of("FACEATTEND_ACCESS_TOKEN_TTL", "-PT1M")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FACEATTEND_ACCESS_TOKEN_TTL");
  }
}
