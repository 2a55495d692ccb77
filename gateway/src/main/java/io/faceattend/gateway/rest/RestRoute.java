package io.faceattend.gateway.rest;

import com.google.api.HttpRule;
import com.linecorp.armeria.common.HttpMethod;

/**
 * One REST route of the contract: an HTTP method and path (Armeria's {@code {param}} syntax, same
 * as the {@code google.api.http} template) bound to a gRPC method.
 */
public record RestRoute(HttpMethod method, String path, boolean hasBody, String fullMethodName) {

  /**
   * Reads a {@code google.api.http} rule. The adapter serves GET/POST/PUT/PATCH/DELETE with plain
   * {@code {field}} path variables and either no body or {@code body: "*"}; any other shape (custom
   * verbs, {@code {f=pattern}} or {@code *} segments, a body of one field, {@code response_body},
   * additional bindings) is refused, so the contract never declares a route that the gateway would
   * serve differently.
   */
  static RestRoute of(HttpRule rule, String fullMethodName) {
    if (!rule.getBody().isEmpty() && !rule.getBody().equals("*")) {
      throw unsupported(
          fullMethodName, "body must be \"*\" or absent, not \"" + rule.getBody() + "\"");
    }
    if (!rule.getResponseBody().isEmpty()) {
      throw unsupported(fullMethodName, "response_body is not supported");
    }
    if (rule.getAdditionalBindingsCount() > 0) {
      throw unsupported(fullMethodName, "additional_bindings are not supported");
    }
    RestRoute route =
        switch (rule.getPatternCase()) {
          case GET -> new RestRoute(HttpMethod.GET, rule.getGet(), false, fullMethodName);
          case POST ->
              new RestRoute(
                  HttpMethod.POST, rule.getPost(), !rule.getBody().isEmpty(), fullMethodName);
          case PUT ->
              new RestRoute(
                  HttpMethod.PUT, rule.getPut(), !rule.getBody().isEmpty(), fullMethodName);
          case PATCH ->
              new RestRoute(
                  HttpMethod.PATCH, rule.getPatch(), !rule.getBody().isEmpty(), fullMethodName);
          case DELETE -> new RestRoute(HttpMethod.DELETE, rule.getDelete(), false, fullMethodName);
          default ->
              throw unsupported(
                  fullMethodName, "pattern " + rule.getPatternCase() + " is not supported");
        };
    if ((route.method() == HttpMethod.GET || route.method() == HttpMethod.DELETE)
        && !rule.getBody().isEmpty()) {
      throw unsupported(fullMethodName, route.method() + " takes no body");
    }
    if (!route.path().startsWith("/")
        || !route.path().matches("(/([A-Za-z0-9._~-]+|\\{[a-z][a-z0-9_]*}))+")) {
      throw unsupported(
          fullMethodName,
          "path '" + route.path() + "' must be /segments with plain {field} variables");
    }
    return route;
  }

  private static IllegalStateException unsupported(String fullMethodName, String why) {
    return new IllegalStateException("google.api.http of " + fullMethodName + ": " + why);
  }
}
