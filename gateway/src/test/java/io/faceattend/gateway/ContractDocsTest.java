package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * /docs shows the contract's comments: every faceattend method has its description (descriptor with
 * source info).
 */
class ContractDocsTest {

  @Test
  void everyFaceAttendMethodHasItsProtoComment() {
    {
      RunningGateway app = RunningGateway.shared();
      RunningGateway.Reply spec = app.get("/docs/specification.json", null);
      assertThat(spec.status()).isEqualTo(200);
      List<String> methods = new ArrayList<>();
      List<String> undocumented = new ArrayList<>();
      for (JsonNode service : spec.json().get("services")) {
        if (!service.path("name").asText().startsWith("faceattend.v1.")) {
          continue;
        }
        for (JsonNode method : service.get("methods")) {
          String name = service.get("name").asText() + "/" + method.get("name").asText();
          methods.add(name);
          // the proto comments arrive in the specification's docStrings map, keyed by
          // service/method
          if (spec.json().path("docStrings").path(name).path("docString").asText("").isBlank()) {
            undocumented.add(name);
          }
        }
      }
      assertThat(methods).hasSizeGreaterThan(50);
      assertThat(undocumented).isEmpty();
    }
  }
}
