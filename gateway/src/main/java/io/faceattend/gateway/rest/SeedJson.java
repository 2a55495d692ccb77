package io.faceattend.gateway.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON in the style of the mobile contract (seed 000), which differs from proto3's JSON mapping on
 * purpose: keys are the proto field names (snake_case), 64-bit integers are JSON numbers, an unset
 * {@code optional} field is an explicit {@code null}, and enum values are the lower-case name
 * without the type prefix ({@code USER_STATUS_FIRST_LOGIN} is {@code "first_login"}). Parsing
 * accepts the field name or its json_name ({@code deviceId}) and refuses values of the wrong type
 * with a 400 naming the field.
 */
public final class SeedJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private SeedJson() {}

  /** {@code {"success": true, ...fields of message}}. */
  public static byte[] success(Message message) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeBooleanField("success", true);
          writeFields(json, message);
          json.writeEndObject();
        });
  }

  /** {@code {"success": false, "error": {"code": ..., "message": ...}}}. */
  public static byte[] error(String code, String message) {
    return error(code, message, Map.of());
  }

  /**
   * The error body with the refusal's details as extra top-level keys before {@code error}
   * ("true"/"false" become JSON booleans), e.g. {@code {"success": false, "verified": false,
   * "liveness": true, "error": {...}}}.
   */
  public static byte[] error(String code, String message, Map<String, String> details) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeBooleanField("success", false);
          for (Map.Entry<String, String> detail : new TreeMap<>(details).entrySet()) {
            switch (detail.getValue()) {
              case "true" -> json.writeBooleanField(detail.getKey(), true);
              case "false" -> json.writeBooleanField(detail.getKey(), false);
              default -> json.writeStringField(detail.getKey(), detail.getValue());
            }
          }
          json.writeObjectFieldStart("error");
          json.writeStringField("code", code);
          json.writeStringField("message", message);
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private interface JsonWriter {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeFields(JsonGenerator json, Message message) throws IOException {
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      boolean set =
          field.isRepeated() ? message.getRepeatedFieldCount(field) > 0 : message.hasField(field);
      if (!set && field.getRealContainingOneof() != null) {
        continue; // a real oneof shows only its chosen member
      }
      json.writeFieldName(field.getName());
      if (field.isMapField()) {
        writeMap(json, field, message);
      } else if (field.isRepeated()) {
        json.writeStartArray();
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
          writeValue(json, field, message.getRepeatedField(field, i));
        }
        json.writeEndArray();
      } else if (field.hasPresence() && !set) {
        json.writeNull();
      } else {
        writeValue(json, field, message.getField(field));
      }
    }
  }

  private static void writeMap(JsonGenerator json, FieldDescriptor field, Message message)
      throws IOException {
    json.writeStartObject();
    FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
    FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
    for (Object entry : (List<?>) message.getField(field)) {
      Message pair = (Message) entry;
      json.writeFieldName(String.valueOf(pair.getField(keyField)));
      writeValue(json, valueField, pair.getField(valueField));
    }
    json.writeEndObject();
  }

  private static void writeValue(JsonGenerator json, FieldDescriptor field, Object value)
      throws IOException {
    switch (field.getJavaType()) {
      case INT -> {
        int v = (Integer) value;
        if (isUnsigned(field)) {
          json.writeNumber(Integer.toUnsignedLong(v));
        } else {
          json.writeNumber(v);
        }
      }
      case LONG -> {
        long v = (Long) value;
        if (isUnsigned(field)) {
          json.writeNumber(new BigInteger(Long.toUnsignedString(v)));
        } else {
          json.writeNumber(v);
        }
      }
      case FLOAT -> writeDouble(json, (Float) value);
      case DOUBLE -> writeDouble(json, (Double) value);
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case STRING -> json.writeString((String) value);
      case BYTE_STRING ->
          json.writeString(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case ENUM -> json.writeString(enumName((EnumValueDescriptor) value));
      case MESSAGE -> {
        json.writeStartObject();
        writeFields(json, (Message) value);
        json.writeEndObject();
      }
    }
  }

  private static void writeDouble(JsonGenerator json, double v) throws IOException {
    if (Double.isFinite(v)) {
      json.writeNumber(v);
    } else {
      json.writeNull();
    }
  }

  private static boolean isUnsigned(FieldDescriptor field) {
    return switch (field.getType()) {
      case UINT32, FIXED32, UINT64, FIXED64 -> true;
      default -> false;
    };
  }

  /** USER_STATUS_FIRST_LOGIN of enum UserStatus is "first_login". */
  static String enumName(EnumValueDescriptor value) {
    String prefix = enumPrefix(value.getType());
    String name = value.getName();
    return (name.startsWith(prefix) ? name.substring(prefix.length()) : name)
        .toLowerCase(Locale.ROOT);
  }

  private static String enumPrefix(EnumDescriptor type) {
    return type.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
  }

  /**
   * Merges a JSON object into {@code builder}; unknown keys are ignored, nulls leave a field unset.
   */
  public static void merge(JsonNode json, Message.Builder builder) {
    if (json == null || !json.isObject()) {
      throw new ApiException(ErrorCode.MALFORMED_JSON, "The request body must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      FieldDescriptor field = findField(builder, entry.getKey());
      if (field == null || entry.getValue().isNull()) {
        continue;
      }
      JsonNode value = entry.getValue();
      if (field.isMapField()) {
        throw ApiException.invalid("Field '" + field.getName() + "' cannot be set over JSON");
      }
      if (field.isRepeated()) {
        if (!value.isArray()) {
          throw wrongType(field, "an array");
        }
        for (JsonNode element : value) {
          builder.addRepeatedField(field, parseValue(field, element, builder));
        }
      } else {
        builder.setField(field, parseValue(field, value, builder));
      }
    }
  }

  /** Sets a field from a query parameter or path variable (text). */
  public static void setFromText(Message.Builder builder, String name, String text) {
    FieldDescriptor field = findField(builder, name);
    if (field == null || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      return; // unknown parameters are ignored, as unknown JSON keys are
    }
    Object value =
        switch (field.getJavaType()) {
          case STRING -> text;
          case ENUM -> parseEnum(field, text);
          case BOOLEAN ->
              switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw wrongType(field, "true or false");
              };
          case INT -> {
            try {
              yield Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
              throw wrongType(field, "a whole number");
            }
          }
          case LONG -> {
            try {
              yield Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
              throw wrongType(field, "a whole number");
            }
          }
          case FLOAT, DOUBLE -> {
            try {
              double d = Double.parseDouble(text.trim());
              if (!Double.isFinite(d)) {
                throw wrongType(field, "a number");
              }
              yield field.getJavaType() == FieldDescriptor.JavaType.FLOAT
                  ? (Object) (float) d
                  : (Object) d;
            } catch (NumberFormatException e) {
              throw wrongType(field, "a number");
            }
          }
          case BYTE_STRING -> ByteString.copyFromUtf8(text);
          case MESSAGE -> throw new IllegalStateException("unreachable");
        };
    if (field.isRepeated()) {
      builder.addRepeatedField(field, value);
    } else {
      builder.setField(field, value);
    }
  }

  /** Sets a bytes field (multipart file parts). */
  public static boolean setBytes(Message.Builder builder, String name, byte[] bytes) {
    FieldDescriptor field = findField(builder, name);
    if (field == null || field.getJavaType() != FieldDescriptor.JavaType.BYTE_STRING) {
      return false;
    }
    // the caller hands over an array nobody writes again (a multipart part's): wrap it, no copy
    ByteString value = UnsafeByteOperations.unsafeWrap(bytes);
    if (field.isRepeated()) {
      builder.addRepeatedField(field, value);
    } else {
      builder.setField(field, value);
    }
    return true;
  }

  static FieldDescriptor findField(Message.Builder builder, String name) {
    var type = builder.getDescriptorForType();
    FieldDescriptor field = type.findFieldByName(name);
    if (field != null) {
      return field;
    }
    for (FieldDescriptor candidate : type.getFields()) {
      if (candidate.getJsonName().equals(name)) {
        return candidate;
      }
    }
    return null;
  }

  private static Object parseValue(FieldDescriptor field, JsonNode value, Message.Builder parent) {
    return switch (field.getJavaType()) {
      case STRING -> {
        if (!value.isTextual()) {
          throw wrongType(field, "a string");
        }
        yield value.textValue();
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw wrongType(field, "true or false");
        }
        yield value.booleanValue();
      }
      case INT -> {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
          throw wrongType(field, "a whole number");
        }
        yield value.intValue();
      }
      case LONG -> {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
          throw wrongType(field, "a whole number");
        }
        yield value.longValue();
      }
      case FLOAT -> {
        if (!value.isNumber()) {
          throw wrongType(field, "a number");
        }
        yield value.floatValue();
      }
      case DOUBLE -> {
        if (!value.isNumber()) {
          throw wrongType(field, "a number");
        }
        yield value.doubleValue();
      }
      case ENUM -> {
        if (!value.isTextual()) {
          throw wrongType(field, "a string");
        }
        yield parseEnum(field, value.textValue());
      }
      case BYTE_STRING -> {
        if (!value.isTextual()) {
          throw wrongType(field, "a base64 string");
        }
        try {
          yield ByteString.copyFrom(Base64.getMimeDecoder().decode(value.textValue()));
        } catch (IllegalArgumentException e) {
          throw wrongType(field, "a base64 string");
        }
      }
      case MESSAGE -> {
        Message.Builder child = parent.newBuilderForField(field);
        if (!value.isObject()) {
          throw wrongType(field, "an object");
        }
        merge(value, child);
        yield child.build();
      }
    };
  }

  private static EnumValueDescriptor parseEnum(FieldDescriptor field, String text) {
    EnumDescriptor type = field.getEnumType();
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (EnumValueDescriptor value : type.getValues()) {
      if (value.getNumber() != 0
          && (enumName(value).equals(wanted) || value.getName().equalsIgnoreCase(wanted))) {
        return value;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (EnumValueDescriptor value : type.getValues()) {
      if (value.getNumber() != 0) {
        allowed.append(allowed.isEmpty() ? "" : ", ").append(enumName(value));
      }
    }
    throw ApiException.invalid("Field '" + field.getName() + "' must be one of: " + allowed);
  }

  private static ApiException wrongType(FieldDescriptor field, String expected) {
    return ApiException.invalid("Field '" + field.getName() + "' must be " + expected);
  }
}
