package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.face.EmbeddingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/admin/reports/template-models over REST: the transcoded report (the model upgrade itself
 * is ModelUpgradeTest in server/), admins only, bad paging refused with the JSON error.
 */
class TemplateModelsRestTest {

  private static RunningGateway app;
  private static String admin;
  private static String employee;

  @BeforeAll
  static void start() {
    app = RunningGateway.shared();
    app.createUser("tm-chief", "tm-chief-password", "admin");
    app.createUser("tm-worker", "tm-worker-password", "employee");
    admin = app.login("tm-chief", "tm-chief-password");
    employee = app.login("tm-worker", "tm-worker-password");
  }

  @Test
  void adminsSeeTheCurrentModelAndWhoIsStillOnAnOldOne() {
    RunningGateway.Reply reply = app.get("/api/admin/reports/template-models", admin);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("current_model").asText()).isEqualTo(EmbeddingModel.SHIPPED.id());
    assertThat(reply.json().get("models").isArray()).isTrue();
    assertThat(reply.json().get("people").isArray()).isTrue();
    assertThat(reply.json().get("people_on_old_models").asLong()).isZero();
  }

  @Test
  void employeesAndBadPagingAreRefused() {
    RunningGateway.Reply forbidden = app.get("/api/admin/reports/template-models", employee);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().get("success").asBoolean()).isFalse();
    RunningGateway.Reply bad = app.get("/api/admin/reports/template-models?limit=-1", admin);
    assertThat(bad.status()).as(bad.body()).isEqualTo(400);
    assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_argument");
  }
}
