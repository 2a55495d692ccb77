package io.faceattend.server.cameras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.server.error.ApiException;
import org.junit.jupiter.api.Test;

/** Stream URLs are stored without credentials and only for network protocols. */
class StreamUrlsTest {

  @Test
  void credentialsInTheUrlAreMovedOutAndPutBackOnlyToOpenIt() {
    StreamUrls.Parsed parsed =
        StreamUrls.parse("rtsp://admin:p%40ss:word@192.168.1.101:554/stream");
    assertThat(parsed.url()).isEqualTo("rtsp://192.168.1.101:554/stream");
    assertThat(parsed.username()).isEqualTo("admin");
    assertThat(parsed.password()).isEqualTo("p@ss:word");
    assertThat(StreamUrls.withCredentials(parsed.url(), "admin", "p@ss:word"))
        .isEqualTo("rtsp://admin:p%40ss%3Aword@192.168.1.101:554/stream");
    assertThat(StreamUrls.withCredentials(parsed.url(), null, null)).isEqualTo(parsed.url());
    assertThat(StreamUrls.parse("http://cam.local/video.mjpg?res=hd").url())
        .isEqualTo("http://cam.local/video.mjpg?res=hd");
  }

  @Test
  void localAndUnknownProtocolsAreRefused() {
    for (String url :
        new String[] {"file:///etc/passwd", "/dev/video0", "concat:a|b", "ftp://x/y", "http://"}) {
      assertThatThrownBy(() -> StreamUrls.parse(url)).as(url).isInstanceOf(ApiException.class);
    }
  }
}
