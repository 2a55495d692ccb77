package io.faceattend.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.CustomHttpPattern;
import com.google.api.HttpRule;
import com.linecorp.armeria.common.HttpMethod;
import org.junit.jupiter.api.Test;

/** The google.api.http shapes the adapter serves, and the ones it refuses at start. */
class RestRouteTest {

  private static final String RPC = "faceattend.v1.PeopleService/GetUser";

  @Test
  void servesPlainVariablesWithOrWithoutABody() {
    RestRoute get =
        RestRoute.of(HttpRule.newBuilder().setGet("/api/admin/users/{user_id}").build(), RPC);
    assertThat(get)
        .isEqualTo(new RestRoute(HttpMethod.GET, "/api/admin/users/{user_id}", false, RPC));
    RestRoute post =
        RestRoute.of(HttpRule.newBuilder().setPost("/api/auth/login").setBody("*").build(), RPC);
    assertThat(post.hasBody()).isTrue();
    assertThat(
            RestRoute.of(HttpRule.newBuilder().setPost("/api/auth/logout").build(), RPC).hasBody())
        .isFalse();
  }

  @Test
  void refusesShapesItWouldServeDifferently() {
    assertRefused(
        HttpRule.newBuilder().setPost("/api/users").setBody("user").build(), "body must be");
    assertRefused(
        HttpRule.newBuilder().setGet("/api/users").setResponseBody("user").build(),
        "response_body");
    assertRefused(
        HttpRule.newBuilder()
            .setGet("/api/users")
            .addAdditionalBindings(HttpRule.newBuilder().setGet("/api/people"))
            .build(),
        "additional_bindings");
    assertRefused(
        HttpRule.newBuilder()
            .setCustom(CustomHttpPattern.newBuilder().setKind("HEAD").setPath("/api/x"))
            .build(),
        "CUSTOM");
    assertRefused(HttpRule.getDefaultInstance(), "PATTERN_NOT_SET");
    assertRefused(
        HttpRule.newBuilder().setGet("/api/users/{name=people/*}").build(), "plain {field}");
    assertRefused(HttpRule.newBuilder().setGet("/api/users/*").build(), "plain {field}");
    assertRefused(
        HttpRule.newBuilder().setPost("/api/users/{id}:undelete").setBody("*").build(),
        "plain {field}");
    assertRefused(HttpRule.newBuilder().setGet("/api/users").setBody("*").build(), "takes no body");
  }

  private static void assertRefused(HttpRule rule, String why) {
    assertThatThrownBy(() -> RestRoute.of(rule, RPC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RPC)
        .hasMessageContaining(why);
  }
}
