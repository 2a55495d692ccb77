package io.faceattend.server.cameras;

import io.faceattend.server.error.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Camera stream URLs: only network protocols (never file: or FFmpeg's other local inputs), kept
 * without credentials; the credentials are put back only when the stream is opened.
 */
final class StreamUrls {

  /** Schemes an admin may register. */
  static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "http", "https");

  /**
   * What FFmpeg may open while reading a stream (a redirect or playlist cannot reach a local file).
   */
  static final String PROTOCOL_WHITELIST =
      "tcp,udp,rtp,srtp,rtsp,rtsps,rtmp,rtmps,http,https,tls,crypto,httpproxy";

  /** A URL without its credentials, and the credentials it carried (null when none). */
  record Parsed(String url, @Nullable String username, @Nullable String password) {}

  private StreamUrls() {}

  static Parsed parse(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.missingField("stream_url");
    }
    URI uri;
    try {
      uri = new URI(raw.trim());
    } catch (URISyntaxException e) {
      throw ApiException.invalid("stream_url is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme) || uri.getHost() == null) {
      throw ApiException.invalid(
          "stream_url must be an absolute rtsp, rtsps, rtmp, rtmps, http or https URL");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    try {
      URI bare =
          new URI(
              scheme,
              null,
              uri.getHost(),
              uri.getPort(),
              uri.getRawPath() == null || uri.getRawPath().isEmpty() ? null : uri.getPath(),
              uri.getQuery(),
              null);
      return new Parsed(bare.toString(), blankToNull(user), blankToNull(password));
    } catch (URISyntaxException e) {
      throw ApiException.invalid("stream_url is not a URL");
    }
  }

  /** The URL to open: {@code url} with the credentials as its user info. */
  static String withCredentials(String url, @Nullable String username, @Nullable String password) {
    if (username == null || username.isEmpty()) {
      return url;
    }
    URI uri = URI.create(url);
    String userInfo = encode(username) + (password == null ? "" : ":" + encode(password));
    String rest = uri.getRawSchemeSpecificPart().substring(2); // after "//"
    return uri.getScheme() + "://" + userInfo + "@" + rest;
  }

  static String host(String url) {
    String host = URI.create(url).getHost();
    return host == null ? "" : host;
  }

  static String scheme(String url) {
    return URI.create(url).getScheme();
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Percent-encodes everything but unreserved characters (RFC 3986). */
  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
