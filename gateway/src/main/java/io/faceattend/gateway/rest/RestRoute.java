package io.faceattend.gateway.rest;

import com.google.api.HttpRule;
import com.linecorp.armeria.common.HttpMethod;

/**
 * One REST route of the contract: an HTTP method and path (Armeria's {@code {param}} syntax, same as the
 * {@code google.api.http} template) bound to a gRPC method.
 */
public record RestRoute(HttpMethod method, String path, boolean hasBody, String fullMethodName) {

  /** Reads a {@code google.api.http} rule; null for patterns the adapter does not serve. */
  static RestRoute of(HttpRule rule, String fullMethodName) {
    return switch (rule.getPatternCase()) {
      case GET -> new RestRoute(HttpMethod.GET, rule.getGet(), false, fullMethodName);
      case POST -> new RestRoute(HttpMethod.POST, rule.getPost(), !rule.getBody().isEmpty(), fullMethodName);
      case PUT -> new RestRoute(HttpMethod.PUT, rule.getPut(), !rule.getBody().isEmpty(), fullMethodName);
      case PATCH -> new RestRoute(HttpMethod.PATCH, rule.getPatch(), !rule.getBody().isEmpty(), fullMethodName);
      case DELETE -> new RestRoute(HttpMethod.DELETE, rule.getDelete(), false, fullMethodName);
      default -> null;
    };
  }
}
