package io.faceattend.server.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import org.jooq.JSONB;

/** {@code enrollments.possible_duplicates}: [{"user_id", "name", "similarity"}]. */
public final class DuplicatesJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DuplicatesJson() {}

  public static JSONB of(List<DuplicateFinder.Duplicate> duplicates) {
    ArrayNode array = MAPPER.createArrayNode();
    for (DuplicateFinder.Duplicate d : duplicates) {
      array
          .addObject()
          .put("user_id", d.userId())
          .put("name", d.name())
          .put("similarity", Math.round(d.similarity() * 10_000) / 10_000.0);
    }
    return JSONB.valueOf(array.toString());
  }

  public static List<DuplicateFinder.Duplicate> parse(JSONB json) {
    List<DuplicateFinder.Duplicate> out = new ArrayList<>();
    if (json == null) {
      return out;
    }
    try {
      for (JsonNode node : MAPPER.readTree(json.data())) {
        out.add(
            new DuplicateFinder.Duplicate(
                node.path("user_id").asLong(),
                node.path("name").asText(),
                node.path("similarity").asDouble()));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("enrollments.possible_duplicates is not valid JSON", e);
    }
    return out;
  }
}
