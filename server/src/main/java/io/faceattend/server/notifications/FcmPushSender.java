package io.faceattend.server.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.faceattend.server.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/**
 * Push over the FCM HTTP v1 API: {@code POST {endpoint}/v1/projects/{project_id}/messages:send}
 * with an OAuth 2 access token obtained from the service account (a JWT signed with its private
 * key, exchanged at its {@code token_uri}, cached until shortly before it expires). A token FCM
 * reports unregistered or invalid is reported as {@link InvalidTokenException}.
 */
public final class FcmPushSender implements PushSender {

  private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String endpoint;
  private final String projectId;
  private final String clientEmail;
  private final String tokenUri;
  private final PrivateKey privateKey;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private String accessToken;
  private Instant accessTokenExpires = Instant.EPOCH;

  public FcmPushSender(Path credentials, String endpoint, Duration timeout, Clock clock) {
    JsonNode account;
    try {
      account = JSON.readTree(Files.readString(credentials));
    } catch (IOException e) {
      throw new ConfigException(
          "FACEATTEND_FCM_CREDENTIALS: cannot read " + credentials + ": " + e.getMessage());
    }
    this.projectId = required(account, "project_id");
    this.clientEmail = required(account, "client_email");
    this.tokenUri = required(account, "token_uri");
    this.privateKey = privateKey(required(account, "private_key"));
    this.endpoint = endpoint.replaceAll("/+$", "");
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public void send(String token, String title, String body, Map<String, String> data)
      throws Exception {
    ObjectNode message = JSON.createObjectNode();
    ObjectNode inner = message.putObject("message");
    inner.put("token", token);
    inner.putObject("notification").put("title", title).put("body", body);
    ObjectNode extra = inner.putObject("data");
    data.forEach(extra::put);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(endpoint + "/v1/projects/" + projectId + "/messages:send"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken())
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String text = response.body() == null ? "" : response.body();
    if (status == 404
        || (status == 400 && text.contains("registration token"))
        || text.contains("UNREGISTERED")) {
      throw new InvalidTokenException("FCM: token not registered (HTTP " + status + ")");
    }
    if (status == 401) {
      synchronized (this) {
        accessTokenExpires = Instant.EPOCH;
      }
    }
    throw new IOException("FCM answered HTTP " + status);
  }

  /** The cached OAuth access token, refreshed a minute before it expires. */
  private synchronized String accessToken() throws IOException, InterruptedException {
    Instant now = clock.instant();
    if (accessToken != null && now.isBefore(accessTokenExpires.minusSeconds(60))) {
      return accessToken;
    }
    String assertion;
    try {
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(clientEmail)
              .audience(tokenUri)
              .claim("scope", SCOPE)
              .issueTime(Date.from(now))
              .expirationTime(Date.from(now.plusSeconds(3600)))
              .build();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
      jwt.sign(new RSASSASigner(privateKey));
      assertion = jwt.serialize();
    } catch (JOSEException e) {
      throw new IOException("cannot sign the FCM token request", e);
    }
    String form =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(tokenUri))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("FCM token exchange answered HTTP " + response.statusCode());
    }
    JsonNode token = JSON.readTree(response.body());
    accessToken = token.path("access_token").asText();
    accessTokenExpires = now.plusSeconds(token.path("expires_in").asLong(3600));
    return accessToken;
  }

  private static String required(JsonNode account, String field) {
    String value = account.path(field).asText("");
    if (value.isBlank()) {
      throw new ConfigException(
          "FACEATTEND_FCM_CREDENTIALS: the service account file has no " + field);
    }
    return value;
  }

  private static PrivateKey privateKey(String pem) {
    try {
      String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException("FACEATTEND_FCM_CREDENTIALS: private_key is not a PKCS#8 RSA key");
    }
  }
}
