package io.faceattend.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.server.error.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAPI 3.0 description of every REST route, generated from the same descriptors the routes come
 * from, in the JSON style {@link SeedJson} writes (snake_case keys, 64-bit ids as numbers, unset
 * optional fields as null, lower-case enum values). Served at {@code /api/openapi.json}.
 */
public final class OpenApiDocument {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");

  private OpenApiDocument() {}

  /** What the generator needs to know of a route. */
  public record RouteInfo(
      RestRoute route,
      Descriptor request,
      Descriptor response,
      AccessPolicy access,
      String summary) {}

  public static ObjectNode build(List<RouteInfo> routes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("openapi", "3.0.3");
    ObjectNode info = root.putObject("info");
    info.put("title", "FaceAttend REST API");
    info.put("version", "v1");
    info.put(
        "description",
        "REST/JSON face of the faceattend.v1 gRPC services. Errors: HTTP status and "
            + "{\"success\": false, \"error\": {\"code\", \"message\"}}; see the ErrorBody schema for every code.");
    // relative: the document describes the gateway that serves it, on whatever host and port it is
    // reached
    root.putArray("servers").addObject().put("url", "/").put("description", "This gateway");
    ObjectNode paths = root.putObject("paths");
    ObjectNode components = root.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    components
        .putObject("securitySchemes")
        .putObject("bearerAuth")
        .put("type", "http")
        .put("scheme", "bearer")
        .put("bearerFormat", "JWT");
    schemas.set("ErrorBody", errorBody());

    for (RouteInfo info1 : routes) {
      RestRoute route = info1.route();
      ObjectNode operation = JSON.createObjectNode();
      operation.put(
          "operationId",
          route
              .fullMethodName()
              .substring(route.fullMethodName().indexOf('.') + 1)
              .replace("faceattend.v1.", "")
              .replace('/', '_'));
      operation.put("summary", info1.summary());
      operation
          .putArray("tags")
          .add(route.fullMethodName().replaceAll("^faceattend\\.v1\\.(\\w+)/.*", "$1"));
      Set<String> pathParams = pathParams(route.path());
      ArrayNode parameters = operation.putArray("parameters");
      for (String name : pathParams) {
        FieldDescriptor field = info1.request().findFieldByName(name);
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", name).put("in", "path").put("required", true);
        parameter.set(
            "schema",
            field == null ? JSON.createObjectNode().put("type", "string") : scalarSchema(field));
      }
      if (!route.hasBody()) {
        for (FieldDescriptor field : info1.request().getFields()) {
          if (!pathParams.contains(field.getName())
              && field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", field.getName()).put("in", "query").put("required", false);
            parameter.set("schema", scalarSchema(field));
          }
        }
      } else {
        operation.set("requestBody", requestBody(info1.request(), pathParams, schemas));
      }
      if (parameters.isEmpty()) {
        operation.remove("parameters");
      }
      ObjectNode responses = operation.putObject("responses");
      ObjectNode ok = responses.putObject("200");
      ok.put("description", "Success");
      ObjectNode okSchema =
          ok.putObject("content").putObject("application/json").putObject("schema");
      okSchema
          .putArray("allOf")
          .add(JSON.createObjectNode().put("$ref", "#/components/schemas/Success"))
          .add(JSON.createObjectNode().put("$ref", ref(info1.response(), schemas)));
      addErrorResponse(
          responses,
          "400",
          "Invalid request (invalid_argument, missing_field, malformed_json, ...)");
      if (!info1.access().getPublic()) {
        operation.putArray("security").addObject().putArray("bearerAuth");
        addErrorResponse(responses, "401", "Missing, invalid, expired or revoked access token");
        addErrorResponse(
            responses, "403", "Role not allowed, account blocked, or a refused action");
      } else {
        operation.putArray("security"); // public: no token needed
        addErrorResponse(responses, "401", "Credentials or refresh token refused");
      }
      addErrorResponse(responses, "default", "Any other error of docs/errors.md");
      ObjectNode pathItem =
          paths.has(route.path())
              ? (ObjectNode) paths.get(route.path())
              : paths.putObject(route.path());
      pathItem.set(route.method().name().toLowerCase(Locale.ROOT), operation);
    }
    addExportMediaTypes(paths);
    schemas.set(
        "Success",
        JSON.createObjectNode()
            .put("type", "object")
            .<ObjectNode>set(
                "properties",
                JSON.createObjectNode()
                    .set(
                        "success",
                        JSON.createObjectNode()
                            .put("type", "boolean")
                            .<ObjectNode>set("enum", JSON.createArrayNode().add(true))))
            .set("required", JSON.createArrayNode().add("success")));
    return root;
  }

  /**
   * {@code GET /api/reports/attendance} also answers CSV, XLSX and PDF (the gateway's export,
   * chosen by {@code format}); the contract's route only knows JSON.
   */
  private static void addExportMediaTypes(ObjectNode paths) {
    if (!(paths.get("/api/reports/attendance") instanceof ObjectNode item)
        || !(item.get("get") instanceof ObjectNode get)) {
      return;
    }
    ObjectNode content = (ObjectNode) get.get("responses").get("200").get("content");
    for (String type :
        List.of(
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/pdf")) {
      content.putObject(type).putObject("schema").put("type", "string").put("format", "binary");
    }
    ((ObjectNode) get.get("responses").get("200"))
        .put(
            "description",
            "Success: JSON by default; with format=csv, xlsx or pdf the file itself (Content-Disposition: attachment)");
    if (get.get("parameters") instanceof ArrayNode parameters) {
      for (var parameter : parameters) {
        if (parameter.path("name").asText().equals("format")) {
          ((ObjectNode) parameter.get("schema"))
              .putArray("enum")
              .add("json")
              .add("csv")
              .add("xlsx")
              .add("pdf");
        }
      }
    }
  }

  private static void addErrorResponse(ObjectNode responses, String status, String description) {
    ObjectNode response = responses.putObject(status);
    response.put("description", description);
    response
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/ErrorBody");
  }

  private static ObjectNode requestBody(
      Descriptor request, Set<String> pathParams, ObjectNode schemas) {
    ObjectNode body = JSON.createObjectNode();
    body.put("required", false);
    ObjectNode content = body.putObject("content");
    ObjectNode json = content.putObject("application/json").putObject("schema");
    json.put("$ref", ref(request, schemas));
    boolean uploads =
        request.getFields().stream()
            .anyMatch(f -> f.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING);
    if (uploads) {
      ObjectNode form = content.putObject("multipart/form-data").putObject("schema");
      form.put("type", "object");
      ObjectNode properties = form.putObject("properties");
      for (FieldDescriptor field : request.getFields()) {
        if (pathParams.contains(field.getName())
            || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          continue;
        }
        // multipart parts use the json_name (deviceId, image) as the mobile app sends them
        String name = field.getJsonName();
        if (field.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING) {
          ObjectNode binary = JSON.createObjectNode().put("type", "string").put("format", "binary");
          properties.set(
              name,
              field.isRepeated()
                  ? JSON.createObjectNode().put("type", "array").set("items", binary)
                  : binary);
        } else {
          properties.set(name, scalarSchema(field));
        }
      }
    }
    return body;
  }

  private static String ref(Descriptor message, ObjectNode schemas) {
    String name = message.getName();
    if (!schemas.has(name)) {
      ObjectNode schema = schemas.putObject(name); // placeholder first: recursive types terminate
      schema.put("type", "object");
      ObjectNode properties = schema.putObject("properties");
      ArrayNode required = JSON.createArrayNode();
      for (FieldDescriptor field : message.getFields()) {
        properties.set(field.getName(), fieldSchema(field, schemas));
        if (field.isRepeated() || !field.hasPresence()) {
          required.add(field.getName()); // always written, with its default value if unset
        }
      }
      if (!required.isEmpty()) {
        schema.set("required", required);
      }
    }
    return "#/components/schemas/" + name;
  }

  private static ObjectNode fieldSchema(FieldDescriptor field, ObjectNode schemas) {
    if (field.isMapField()) {
      // SeedJson writes a map as a JSON object keyed by the map's keys
      FieldDescriptor value = field.getMessageType().findFieldByName("value");
      ObjectNode values =
          value.getJavaType() == FieldDescriptor.JavaType.MESSAGE
              ? JSON.createObjectNode().put("$ref", ref(value.getMessageType(), schemas))
              : scalarSchema(value);
      ObjectNode map = JSON.createObjectNode().put("type", "object");
      map.set("additionalProperties", values);
      return map;
    }
    ObjectNode single;
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      single = JSON.createObjectNode();
      if (field.hasPresence() && !field.isRepeated()) {
        // OpenAPI 3.0: nullable needs a type beside it; allOf keeps the $ref's siblings meaningful
        single.put("type", "object").put("nullable", true);
        single.putArray("allOf").addObject().put("$ref", ref(field.getMessageType(), schemas));
      } else {
        single.put("$ref", ref(field.getMessageType(), schemas));
      }
    } else {
      single = scalarSchema(field);
      if (field.hasPresence() && !field.isRepeated()) {
        single.put("nullable", true);
      }
    }
    if (field.isRepeated()) {
      ObjectNode array = JSON.createObjectNode().put("type", "array");
      array.set("items", single);
      return array;
    }
    return single;
  }

  static ObjectNode scalarSchema(FieldDescriptor field) {
    ObjectNode schema = JSON.createObjectNode();
    switch (field.getJavaType()) {
      case INT -> schema.put("type", "integer").put("format", "int32");
      case LONG -> schema.put("type", "integer").put("format", "int64");
      case FLOAT -> schema.put("type", "number").put("format", "float");
      case DOUBLE -> schema.put("type", "number").put("format", "double");
      case BOOLEAN -> schema.put("type", "boolean");
      case STRING -> schema.put("type", "string");
      case BYTE_STRING -> schema.put("type", "string").put("format", "byte");
      case ENUM -> {
        schema.put("type", "string");
        ArrayNode values = schema.putArray("enum");
        for (EnumValueDescriptor value : field.getEnumType().getValues()) {
          if (value.getNumber() != 0) {
            values.add(SeedJson.enumName(value));
          }
        }
      }
      case MESSAGE -> schema.put("type", "object");
    }
    return schema;
  }

  private static ObjectNode errorBody() {
    ObjectNode schema = JSON.createObjectNode();
    schema.put("type", "object");
    schema.put(
        "description",
        "Every error. Refused punches also carry boolean 'verified' and 'liveness'.");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("success").put("type", "boolean").putArray("enum").add(false);
    properties.putObject("verified").put("type", "boolean");
    properties.putObject("liveness").put("type", "boolean");
    ObjectNode error = properties.putObject("error");
    error.put("type", "object");
    error.put("additionalProperties", false);
    ObjectNode errorProperties = error.putObject("properties");
    ObjectNode code = errorProperties.putObject("code");
    code.put("type", "string");
    code.put(
        "description",
        "Stable machine-readable code (docs/errors.md). Codes of the face engine and of "
            + "HTTP-level refusals (method_not_allowed) may also appear.");
    ArrayNode codes = code.putArray("x-known-codes");
    for (ErrorCode value : ErrorCode.values()) {
      codes.add(value.code());
    }
    errorProperties.putObject("message").put("type", "string");
    error.putArray("required").add("code").add("message");
    schema.putArray("required").add("success").add("error");
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Set<String> pathParams(String path) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = PATH_PARAM.matcher(path);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
