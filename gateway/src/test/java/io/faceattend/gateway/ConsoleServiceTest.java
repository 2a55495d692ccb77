package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console as the gateway serves it (built into target/classes/console by the Maven build):
 * index.html at / and at every screen's address, hashed assets cached for a year, and the API's own
 * answers left untouched.
 */
class ConsoleServiceTest {

  private static RunningGateway app;

  @BeforeAll
  static void start() {
    app = RunningGateway.shared();
  }

  @Test
  void rootAndScreenAddressesAnswerTheSinglePageAppRevalidatedOnEveryLoad() {
    for (String path : new String[] {"/", "/people", "/me/history", "/index.html"}) {
      RunningGateway.Reply reply = app.get(path, null);
      assertThat(reply.status()).as(path).isEqualTo(200);
      assertThat(reply.raw().headers().firstValue("content-type"))
          .as(path)
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      assertThat(reply.raw().headers().firstValue("cache-control"))
          .as(path)
          .hasValueSatisfying(cache -> assertThat(cache).contains("no-cache"));
      assertThat(reply.body()).as(path).contains("<div id=\"app\"></div>").contains("/assets/");
    }
  }

  @Test
  void hashedAssetsHaveTheirTypeAndAreCachedForAYear() {
    String index = app.get("/", null).body();
    Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
    Matcher style = Pattern.compile("href=\"(/assets/[^\"]+\\.css)\"").matcher(index);
    assertThat(script.find()).isTrue();
    assertThat(style.find()).isTrue();

    RunningGateway.Reply js = app.get(script.group(1), null);
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.raw().headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/javascript"));
    assertThat(js.raw().headers().firstValue("cache-control"))
        .hasValue("public, max-age=31536000, immutable");
    RunningGateway.Reply css = app.get(style.group(1), null);
    assertThat(css.raw().headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));

    // a missing asset is a 404, not the app (a stale page must not get HTML for its script)
    assertThat(app.get("/assets/no-such-file.js", null).status()).isEqualTo(404);
  }

  @Test
  void apiPathsKeepTheirJsonErrorsAndOtherRoutesStayTheirs() {
    RunningGateway.Reply unknown = app.get("/api/no-such-route", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/error/code").asText()).isEqualTo("not_found");

    RunningGateway.Reply wrongMethod = app.get("/api/auth/login", null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().at("/error/code").asText()).isEqualTo("method_not_allowed");

    assertThat(app.get("/api/health", null).json().get("status").asText()).isEqualTo("up");
    assertThat(app.get("/metrics", null).body()).doesNotContain("<div id=\"app\">");
    assertThat(app.get("/docs/", null).body()).contains("Armeria documentation service");
  }
}
