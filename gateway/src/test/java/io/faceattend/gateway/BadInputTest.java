package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets the documented JSON error, never a 500 and never plain text, including the errors
 * Armeria raises before a route runs. Raw HTTP/1.1 over a socket, so the test sends exactly the
 * broken bytes.
 */
class BadInputTest {

  private static RunningGateway app;
  private static String employee;

  @BeforeAll
  static void start() {
    app = RunningGateway.shared();
    app.createUser("badinput-worker", "worker-pass-1", "employee");
    employee = app.login("badinput-worker", "worker-pass-1");
  }

  /** A raw response: status line code, headers block and body. */
  private record Raw(int status, String headers, String body) {
    JsonNode json() throws IOException {
      return RunningGateway.JSON.readTree(body);
    }
  }

  private static Raw exchange(byte[] request, long pauseMillis, byte[] rest) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", app.gateway.port())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      if (pauseMillis > 0) {
        Thread.sleep(pauseMillis);
      }
      if (rest != null) {
        try {
          out.write(rest);
          out.flush();
        } catch (IOException closedMeanwhile) {
          // the server may already have answered and closed
        }
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        all.write(buffer, 0, n);
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split > 0) {
          String head = text.substring(0, split);
          var length =
              head.lines().filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst();
          if (length.isPresent()) {
            int expected = Integer.parseInt(length.get().substring(15).trim());
            if (all.size() - split - 4 >= expected) {
              break;
            }
          }
        }
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      return new Raw(Integer.parseInt(head.substring(9, 12)), head, text.substring(split + 4));
    }
  }

  private static Raw exchange(String request) throws Exception {
    return exchange(request.getBytes(StandardCharsets.UTF_8), 0, null);
  }

  private static void assertJsonError(Raw raw, int status, String code) throws IOException {
    assertThat(raw.status()).as(raw.headers() + "\n" + raw.body()).isEqualTo(status);
    assertThat(raw.headers().toLowerCase()).contains("content-type: application/json");
    JsonNode json = raw.json();
    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(json.get("error").get("code").asText()).isEqualTo(code);
  }

  private static String post(String path, String contentType, String body, String token) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Type: "
        + contentType
        + "\r\nContent-Length: "
        + bytes.length
        + "\r\n\r\n"
        + body;
  }

  @Test
  void malformedMultipartIs400() throws Exception {
    assertJsonError(
        exchange(post("/api/attendance/check-in", "multipart/form-data", "junk", employee)),
        400,
        "malformed_multipart");
    assertJsonError(
        exchange(
            post(
                "/api/attendance/check-in",
                "multipart/form-data; boundary=XYZ",
                "--ABC\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nxx\r\n--ABC",
                employee)),
        400,
        "malformed_multipart");
  }

  @Test
  void aNulCharacterInJsonTextIs400() throws Exception {
    assertJsonError(
        exchange(
            post(
                "/api/auth/login",
                "application/json",
                "{\"username\":\"wor\\u0000ker\",\"password\":\"worker-pass-1\"}",
                null)),
        400,
        "invalid_argument");
    assertJsonError(
        exchange(
            post(
                "/api/absences",
                "application/json",
                "{\"start_date\":\"2026-03-02\",\"end_date\":\"2026-03-02\",\"type\":\"sick\",\"reason\":\"flu\\u0000\"}",
                employee)),
        400,
        "invalid_argument");
  }

  @Test
  void protocolErrorsCarryTheJsonBody() throws Exception {
    String big = "x".repeat(64 * 1024);
    assertJsonError(
        exchange(
            "GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Big: "
                + big
                + "\r\n\r\n"),
        431,
        "headers_too_large");
    assertJsonError(
        exchange("GET /api/" + big + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        414,
        "uri_too_long");
    Raw badPath = exchange("GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertJsonError(badPath, 400, "invalid_argument");
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIs408() throws Exception {
    String head =
        "POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"username\":";
    // the route's timeout is 10 s; the rest of the body never comes
    Raw raw = exchange(head.getBytes(StandardCharsets.UTF_8), 0, null);
    assertThat(raw.status()).isIn(408, 503);
    assertJsonError(raw, raw.status(), raw.status() == 408 ? "request_timeout" : "unavailable");
  }
}
