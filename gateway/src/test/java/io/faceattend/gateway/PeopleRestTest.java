package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The people routes over REST: the seed's list shape, and who may see whom. */
class PeopleRestTest {

  private static RunningGateway app;
  private static String admin;

  @BeforeAll
  static void start() {
    app = new RunningGateway(Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC));
    app.createUser("chief", "chief-password", "admin");
    admin = app.login("chief", "chief-password");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static long department(String name) {
    RunningGateway.Reply reply =
        app.postJson("/api/admin/departments", "{\"name\":\"" + name + "\"}", admin);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("department").get("id").asLong();
  }

  private static long person(String username, String role, long departmentId) {
    RunningGateway.Reply reply =
        app.postJson(
            "/api/admin/users",
            "{\"username\":\""
                + username
                + "\","
                + "\"password\":\""
                + username
                + "-password\",\"name\":\"Name "
                + username
                + "\",\"email\":\""
                + username
                + "@co.com\",\"role\":\""
                + role
                + "\",\"department_id\":"
                + departmentId
                + "}",
            admin);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("user").get("id").asLong();
  }

  @Test
  void listAnswersTheSeedShapeAndManagersSeeOnlyTheirDepartments() {
    long sales = department("Sales Team");
    long ops = department("Ops Team");
    long boss = person("boss", "manager", sales);
    long seller = person("seller", "employee", sales);
    long operator = person("operator", "employee", ops);
    assertThat(
            app.put(
                    "/api/admin/departments/" + sales + "/managers",
                    "{\"user_ids\":[" + boss + "]}",
                    admin)
                .status())
        .isEqualTo(200);

    RunningGateway.Reply list =
        app.get("/api/admin/users?department_id=" + sales + "&page_size=1", admin);
    assertThat(list.status()).isEqualTo(200);
    List<String> keys = new ArrayList<>();
    list.json().fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("success", "count", "page", "page_size", "results");
    assertThat(list.json().get("count").asLong()).isEqualTo(2);
    assertThat(list.json().get("page_size").asInt()).isEqualTo(1);
    JsonNode first = list.json().get("results").get(0);
    assertThat(first.get("username").asText()).isEqualTo("boss");
    assertThat(first.get("department").asText()).isEqualTo("Sales Team");
    assertThat(first.get("employee_id").isNull()).isTrue();
    assertThat(first.get("is_active").asBoolean()).isTrue();

    String manager = app.login("boss", "boss-password");
    RunningGateway.Reply mine = app.get("/api/admin/users", manager);
    assertThat(mine.json().get("results").findValuesAsText("username"))
        .containsExactlyInAnyOrder("boss", "seller");
    assertThat(app.get("/api/admin/users/" + seller, manager).status()).isEqualTo(200);
    RunningGateway.Reply other = app.get("/api/admin/users/" + operator, manager);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().get("error").get("code").asText()).isEqualTo("not_found");
    assertThat(app.get("/api/admin/departments/" + ops, manager).status()).isEqualTo(404);
    // managers read; they do not create, change or deactivate
    assertThat(app.put("/api/admin/users/" + seller, "{\"name\":\"X\"}", manager).status())
        .isEqualTo(403);
    assertThat(app.postJson("/api/admin/departments", "{\"name\":\"Mine\"}", manager).status())
        .isEqualTo(403);

    String employee = app.login("seller", "seller-password");
    for (String path :
        List.of(
            "/api/admin/users",
            "/api/admin/users/" + seller,
            "/api/admin/departments",
            "/api/admin/departments/" + sales)) {
      RunningGateway.Reply denied = app.get(path, employee);
      assertThat(denied.status()).as(path).isEqualTo(403);
      assertThat(denied.json().get("error").get("code").asText()).isEqualTo("forbidden");
    }
  }

  @Test
  void deactivationEndsTheSessionAndKeepsTheRecord() {
    long ops = department("Night Shift");
    long leaver = person("leaver", "employee", ops);
    String token = app.login("leaver", "leaver-password");
    assertThat(app.get("/api/user/profile", token).status()).isEqualTo(200);
    RunningGateway.Reply deleted =
        app.send(
            HttpRequest.newBuilder(app.uri("/api/admin/users/" + leaver))
                .header("Authorization", "Bearer " + admin)
                .DELETE()
                .build());
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(app.get("/api/user/profile", token).status()).isEqualTo(401);
    assertThat(
            app.postJson(
                    "/api/auth/login",
                    "{\"username\":\"leaver\",\"password\":\"leaver-password\"}",
                    null)
                .status())
        .isEqualTo(401);
    RunningGateway.Reply kept = app.get("/api/admin/users/" + leaver, admin);
    assertThat(kept.json().get("user").get("is_active").asBoolean()).isFalse();
    assertThat(kept.json().get("user").get("deactivated_at").asText()).isNotEmpty();
  }
}
