package io.faceattend.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Issues and verifies access tokens (HS256 JWTs) and makes refresh tokens (random, opaque, stored
 * only as their SHA-256 digest).
 */
public final class TokenService {

  private static final String ISSUER = "faceattend";
  private static final String SESSION_CLAIM = "sid";
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Duration accessTokenTtl;
  private final Clock clock;

  public TokenService(byte[] signingKey, Duration accessTokenTtl, Clock clock) {
    try {
      this.signer = new MACSigner(signingKey);
      this.verifier = new MACVerifier(signingKey);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("The JWT signing key must be at least 32 bytes", e);
    }
    this.accessTokenTtl = accessTokenTtl;
    this.clock = clock;
  }

  public String issueAccessToken(long userId, UUID sessionId, String role) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(Long.toString(userId))
            .claim(SESSION_CLAIM, sessionId.toString())
            .claim("role", role)
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(accessTokenTtl)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign an access token", e);
    }
    return jwt.serialize();
  }

  /** Checks signature, algorithm, issuer and expiry; throws 401 errors the caller can act on. */
  public AccessClaims verifyAccessToken(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      // only our algorithm: refuses "none" and algorithm-confusion tokens before looking at the
      // signature
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw invalid();
      }
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | JOSEException | IllegalStateException e) {
      throw invalid();
    }
    if (!ISSUER.equals(claims.getIssuer()) || claims.getExpirationTime() == null) {
      throw invalid();
    }
    Instant expiresAt = claims.getExpirationTime().toInstant();
    if (clock.instant().isAfter(expiresAt.plus(CLOCK_SKEW))) {
      throw new ApiException(ErrorCode.TOKEN_EXPIRED, "Access token has expired; refresh it");
    }
    try {
      long userId = Long.parseLong(claims.getSubject());
      UUID sessionId = UUID.fromString(claims.getStringClaim(SESSION_CLAIM));
      return new AccessClaims(userId, sessionId, expiresAt);
    } catch (ParseException | RuntimeException e) {
      throw invalid();
    }
  }

  /** A new refresh token: 256 random bits, URL-safe. */
  public String newRefreshToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The digest under which a refresh token is stored and looked up. */
  public static byte[] digest(String refreshToken) {
    return sha256(refreshToken.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of some bytes. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException invalid() {
    return new ApiException(ErrorCode.INVALID_TOKEN, "Access token is invalid");
  }
}
