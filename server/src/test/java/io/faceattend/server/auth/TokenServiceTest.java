package io.faceattend.server.auth;

import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.server.MutableClock;
import io.faceattend.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T09:00:00Z"));
  private final TokenService tokens = new TokenService(KEY, Duration.ofMinutes(15), clock);

  @Test
  void issuedTokenVerifiesWithItsClaims() {
    UUID session = UUID.randomUUID();
    AccessClaims claims =
        tokens.verifyAccessToken(tokens.issueAccessToken(42, session, "employee"));
    assertThat(claims.userId()).isEqualTo(42);
    assertThat(claims.sessionId()).isEqualTo(session);
    assertThat(claims.expiresAt()).isEqualTo(Instant.parse("2026-01-15T09:15:00Z"));
  }

  @Test
  void tokenSignedWithAnotherKeyIsRejected() {
    TokenService forger =
        new TokenService(
            "another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(15),
            clock);
    String forged = forger.issueAccessToken(42, UUID.randomUUID(), "admin");
    assertCode(() -> tokens.verifyAccessToken(forged), ErrorCode.INVALID_TOKEN);
  }

  @Test
  void tamperedPayloadIsRejected() {
    String token = tokens.issueAccessToken(42, UUID.randomUUID(), "employee");
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"sub\":\"42\"", "\"sub\":\"1\"");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertCode(() -> tokens.verifyAccessToken(tampered), ErrorCode.INVALID_TOKEN);
  }

  @Test
  void unsignedAlgNoneTokenIsRejected() {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"iss\":\"faceattend\",\"sub\":\"1\",\"sid\":\""
                        + UUID.randomUUID()
                        + "\",\"exp\":4102444800}")
                    .getBytes(StandardCharsets.UTF_8));
    assertCode(
        () -> tokens.verifyAccessToken(header + "." + payload + "."), ErrorCode.INVALID_TOKEN);
  }

  @Test
  void garbageIsRejected() {
    assertCode(() -> tokens.verifyAccessToken("not-a-jwt"), ErrorCode.INVALID_TOKEN);
  }

  @Test
  void expiredTokenIsRejectedAsExpired() {
    String token = tokens.issueAccessToken(42, UUID.randomUUID(), "employee");
    clock.advance(Duration.ofMinutes(16));
    assertCode(() -> tokens.verifyAccessToken(token), ErrorCode.TOKEN_EXPIRED);
  }

  @Test
  void refreshTokensAreRandomAndDigestsStable() {
    String a = tokens.newRefreshToken();
    String b = tokens.newRefreshToken();
    assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(43);
    assertThat(TokenService.digest(a))
        .isEqualTo(TokenService.digest(a))
        .isNotEqualTo(TokenService.digest(b));
  }

  @Test
  void shortKeyIsRefused() {
    assertThatThrownBy(() -> new TokenService(new byte[16], Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
