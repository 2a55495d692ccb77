package io.faceattend.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON value against an OpenAPI 3.0 schema, for the subset the generator writes ($ref,
 * allOf, type, nullable, enum, properties, required, items). Strict on purpose: a key the document
 * does not list is a violation (properties of all allOf parts together), so a renamed field cannot
 * slip through.
 */
final class OpenApiChecker {

  private final JsonNode document;

  OpenApiChecker(JsonNode document) {
    this.document = document;
  }

  List<String> violations(JsonNode value, JsonNode schema) {
    List<String> out = new ArrayList<>();
    check(value, schema, "$", out);
    return out;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      schema = document.at(ref.substring(1));
    }
    return schema;
  }

  private void check(JsonNode value, JsonNode rawSchema, String path, List<String> out) {
    JsonNode schema = resolve(rawSchema);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        out.add(path + ": null where the schema does not allow it");
      }
      return;
    }
    if (schema.has("allOf")) {
      Map<String, JsonNode> properties = new LinkedHashMap<>();
      Set<String> required = new LinkedHashSet<>();
      for (JsonNode part : schema.get("allOf")) {
        JsonNode resolved = resolve(part);
        resolved
            .path("properties")
            .properties()
            .forEach(e -> properties.put(e.getKey(), e.getValue()));
        resolved.path("required").forEach(r -> required.add(r.asText()));
      }
      checkObject(value, properties, required, path, out);
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (schema.path("additionalProperties").isObject()) {
          if (!value.isObject()) {
            out.add(path + ": expected an object, got " + value.getNodeType());
            return;
          }
          value
              .properties()
              .forEach(
                  e ->
                      check(
                          e.getValue(),
                          schema.get("additionalProperties"),
                          path + "." + e.getKey(),
                          out));
          return;
        }
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        schema
            .path("properties")
            .properties()
            .forEach(e -> properties.put(e.getKey(), e.getValue()));
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        checkObject(value, properties, required, path, out);
      }
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": expected an array, got " + value.getNodeType());
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.get("items"), path + "[" + i + "]", out);
        }
      }
      case "string" -> expect(value.isTextual(), value, "a string", path, out);
      case "integer" -> expect(value.isIntegralNumber(), value, "an integer", path, out);
      case "number" -> expect(value.isNumber(), value, "a number", path, out);
      case "boolean" -> expect(value.isBoolean(), value, "a boolean", path, out);
      default -> out.add(path + ": schema without a type");
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        out.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
  }

  private void checkObject(
      JsonNode value,
      Map<String, JsonNode> properties,
      Set<String> required,
      String path,
      List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": expected an object, got " + value.getNodeType());
      return;
    }
    for (String key : required) {
      if (!value.has(key)) {
        out.add(path + ": missing required key '" + key + "'");
      }
    }
    value
        .properties()
        .forEach(
            entry -> {
              JsonNode propertySchema = properties.get(entry.getKey());
              if (propertySchema == null) {
                out.add(path + ": key '" + entry.getKey() + "' is not in the document");
              } else {
                check(entry.getValue(), propertySchema, path + "." + entry.getKey(), out);
              }
            });
  }

  private static void expect(
      boolean ok, JsonNode value, String what, String path, List<String> out) {
    if (!ok) {
      out.add(path + ": expected " + what + ", got " + value);
    }
  }
}
