package io.faceattend.gateway;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.zaxxer.hikari.HikariDataSource;
import io.faceattend.proto.v1.FaceEngineServiceGrpc;
import io.faceattend.proto.v1.MatchTarget;
import io.faceattend.proto.v1.StreamVerifyDecision;
import io.faceattend.proto.v1.StreamVerifyRequest;
import io.faceattend.proto.v1.StreamVerifyResponse;
import io.faceattend.server.identification.IdentificationSettings;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Identification (1:N) over REST with real photos, the real face engine and a real PostgreSQL
 * shared by TWO gateways (two nodes): people enrolled and approved on node A; face login, identify
 * (single and group photos), kiosk punches and duplicate enrolments; an approval on A seen by B
 * through LISTEN/NOTIFY.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentificationFlowTest {

  /** Enrolment photos and a different photo of the same person for face login. */
  private record Person(String identity, List<String> enrol, String probe) {}

  private static final List<Person> PEOPLE =
      List.of(
          new Person(
              "angelina_jolie",
              List.of("people/angelina_jolie/1.jpg", "people/angelina_jolie/5.jpg"),
              "people/angelina_jolie/2.jpg"),
          new Person(
              "katy_perry",
              List.of("people/katy_perry/1.jpg", "people/katy_perry/2.jpg"),
              "people/katy_perry/3.jpg"),
          new Person(
              "scarlett_johansson",
              List.of("people/scarlett_johansson/1.jpg", "people/scarlett_johansson/2.jpg"),
              "people/scarlett_johansson/3.jpg"),
          new Person(
              "mark_zuckerberg",
              List.of("people/mark_zuckerberg/1.jpg", "people/mark_zuckerberg/2.jpg"),
              "people/mark_zuckerberg/3.jpg"),
          new Person(
              "barack_obama",
              List.of("people/barack_obama/1.jpg", "people/barack_obama/2.jpg"),
              "people/barack_obama/3.jpg"),
          // his other photo shows two people: he is identified in the group photo instead
          new Person("joe_biden", List.of("people/joe_biden/1.jpg"), null));

  private static RunningGateway nodeA;
  private static RunningGateway nodeB;
  private static String admin;
  private static final Map<String, Long> USER_IDS = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    byte[] jwt = new byte[32];
    byte[] templateKey = new byte[32];
    new SecureRandom().nextBytes(jwt);
    new SecureRandom().nextBytes(templateKey);
    Map<String, String> keys =
        Map.of(
            "FACEATTEND_JWT_SECRET", Base64.getEncoder().encodeToString(jwt),
            "FACEATTEND_TEMPLATE_KEY", Base64.getEncoder().encodeToString(templateKey));
    // every request comes from 127.0.0.1: a rate limit above this test's face logins
    // (AttemptLimiterTest tests it)
    IdentificationSettings settings =
        IdentificationSettings.from(Map.of("FACEATTEND_FACE_LOGIN_RATE", "200"));
    nodeA = new RunningGateway(Clock.systemUTC(), keys, settings);
    // node A's embedded PostgreSQL has its own generated password (SCRAM): node B uses node A's
    // credentials
    HikariDataSource pool = (HikariDataSource) nodeA.platform.database().dataSource();
    Map<String, String> second = new HashMap<>(keys);
    second.put("FACEATTEND_DATABASE_URL", pool.getJdbcUrl());
    second.put("FACEATTEND_DATABASE_USER", pool.getUsername());
    second.put("FACEATTEND_DATABASE_PASSWORD", pool.getPassword());
    // node B polls the change table only once a minute: within 5 s only a notification can bring a
    // change
    nodeB =
        new RunningGateway(
            Clock.systemUTC(), second, settings.withPollInterval(Duration.ofMinutes(1)));
    nodeA.createUser("boss", "boss-pass-123", "admin");
    admin = nodeA.login("boss", "boss-pass-123");
  }

  @AfterAll
  static void stop() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  private static void assertError(RunningGateway.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("success").asBoolean()).isFalse();
    assertThat(reply.json().get("error").get("code").asText()).isEqualTo(code);
  }

  /**
   * Creates an account, signs in and enrols the photos on node A; returns the user id (pending).
   */
  private static long enrol(String username, List<String> photos) {
    long userId = nodeA.createUser(username, username + "-pass", "employee");
    String token = nodeA.login(username, username + "-pass");
    Multipart form =
        new Multipart().field("device", "android").field("deviceId", "phone-" + username);
    for (String photo : photos) {
      form.file("image", "face.jpg", SharedFaces.read(photo));
    }
    RunningGateway.Reply enrolled = nodeA.postMultipart("/api/face/enroll", form, token, null);
    assertThat(enrolled.status()).as(username + ": " + enrolled.body()).isEqualTo(200);
    return userId;
  }

  private static Multipart faceLoginForm(String photo) {
    return new Multipart()
        .file("image", "face.jpg", SharedFaces.read(photo))
        .field("device", "ios")
        .field("deviceId", "face-login-" + photo.hashCode());
  }

  @Test
  @Order(1)
  void enrolledAndApprovedPeopleLogInWithAnotherPhoto() {
    for (Person person : PEOPLE) {
      long id = enrol(person.identity(), person.enrol());
      RunningGateway.Reply approved =
          nodeA.postJson("/api/admin/users/" + id + "/approve", "{}", admin);
      assertThat(approved.status()).as(approved.body()).isEqualTo(200);
      USER_IDS.put(person.identity(), id);
    }
    for (Person person : PEOPLE.stream().filter(p -> p.probe() != null).toList()) {
      RunningGateway.Reply login =
          nodeA.postMultipart("/api/auth/face-login", faceLoginForm(person.probe()), null, null);
      assertThat(login.status()).as(person.identity() + ": " + login.body()).isEqualTo(200);
      // the seed-000 login response, for that person
      assertThat(login.json().get("success").asBoolean()).isTrue();
      assertThat(login.json().get("access_token").asText()).isNotBlank();
      assertThat(login.json().get("refresh_token").asText()).isNotBlank();
      assertThat(login.json().get("is_first_login").asBoolean()).isFalse();
      assertThat(login.json().get("user").get("id").asLong())
          .as(person.identity())
          .isEqualTo(USER_IDS.get(person.identity()));
      // and the token works
      RunningGateway.Reply status =
          nodeA.get("/api/attendance/status", login.json().get("access_token").asText());
      assertThat(status.status()).as(status.body()).isEqualTo(200);
    }
  }

  @Test
  @Order(2)
  void aPersonNeverEnrolledIsNotRecognized() {
    for (String stranger : List.of("people/elon_musk/1.jpg", "people/rob_lowe/1.jpg")) {
      RunningGateway.Reply login =
          nodeA.postMultipart("/api/auth/face-login", faceLoginForm(stranger), null, null);
      assertError(login, 401, "face_not_recognized");
    }
  }

  @Test
  @Order(3)
  void identifyAnswersTheRightPersonForASinglePhotoAndEveryFaceOfAGroupPhoto() {
    RunningGateway.Reply single =
        nodeA.postMultipart(
            "/api/face/identify",
            new Multipart().file("image", "a.jpg", SharedFaces.read("people/katy_perry/4.jpg")),
            admin,
            null);
    assertThat(single.status()).as(single.body()).isEqualTo(200);
    JsonNode results = single.json().get("results");
    assertThat(results).hasSize(1);
    JsonNode face = results.get(0);
    assertThat(face.get("recognized").asBoolean()).isTrue();
    assertThat(face.get("user").get("id").asLong()).isEqualTo(USER_IDS.get("katy_perry"));
    assertThat(face.get("user").get("name").asText()).isEqualTo("Name of katy_perry");
    assertThat(face.get("user").has("employee_id")).isTrue();
    assertThat(face.get("similarity").asDouble())
        .isGreaterThan(IdentificationSettings.DEFAULT_THRESHOLD);
    assertThat(face.get("face").get("x2").asDouble())
        .isGreaterThan(face.get("face").get("x1").asDouble());
    assertThat(face.has("is_live")).isTrue();
    assertThat(face.get("liveness_score").asDouble()).isBetween(0.0, 1.0);

    // bulk verify: the group photo of two enrolled people, and a stranger's photo, in one request
    RunningGateway.Reply bulk =
        nodeA.postMultipart(
            "/api/face/identify",
            new Multipart()
                .file("image", "group.jpg", SharedFaces.read("groups/obama_biden_two_people.jpg"))
                .file("image", "stranger.jpg", SharedFaces.read("people/tom_hanks/1.png"))
                .field("max_faces", "10"),
            admin,
            null);
    assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
    Set<Long> inGroup = new HashSet<>();
    List<JsonNode> strangerFaces = new ArrayList<>();
    for (JsonNode result : bulk.json().get("results")) {
      if (result.get("image_index").asInt() == 0) {
        assertThat(result.get("recognized").asBoolean()).as(result.toString()).isTrue();
        inGroup.add(result.get("user").get("id").asLong());
      } else {
        strangerFaces.add(result);
      }
    }
    assertThat(inGroup)
        .containsExactlyInAnyOrder(USER_IDS.get("barack_obama"), USER_IDS.get("joe_biden"));
    assertThat(strangerFaces).hasSize(1);
    assertThat(strangerFaces.get(0).get("recognized").asBoolean()).isFalse();
    assertThat(strangerFaces.get(0).get("user").isNull()).isTrue();

    // only admins and machine credentials: an employee is refused
    String employee = nodeA.login("katy_perry", "katy_perry-pass");
    assertError(
        nodeA.postMultipart(
            "/api/face/identify",
            new Multipart().file("image", "a.jpg", SharedFaces.read("people/katy_perry/4.jpg")),
            employee,
            null),
        403,
        "forbidden");
    assertError(
        nodeA.postMultipart(
            "/api/face/identify", new Multipart().field("max_faces", "3"), admin, null),
        400,
        "missing_field");
  }

  @Test
  @Order(4)
  void aKioskPunchChecksTheIdentifiedPersonIn() {
    RunningGateway.Reply site =
        nodeA.postJson(
            "/api/admin/sites",
            "{\"name\":\"Lobby site\","
                + "\"time_zone\":\"UTC\",\"center\":{\"latitude\":51.5,\"longitude\":-0.12},\"radius_m\":100}",
            admin);
    assertThat(site.status()).as(site.body()).isEqualTo(200);
    long siteId = site.json().get("site").get("id").asLong();
    long scarlett = USER_IDS.get("scarlett_johansson");
    assertThat(
            nodeA
                .postJson(
                    "/api/admin/sites/" + siteId + "/members",
                    "{\"user_ids\":[" + scarlett + "]}",
                    admin)
                .status())
        .isEqualTo(200);

    RunningGateway.Reply kiosk =
        nodeA.postJson(
            "/api/admin/kiosks", "{\"name\":\"Lobby kiosk\",\"site_id\":" + siteId + "}", admin);
    assertThat(kiosk.status()).as(kiosk.body()).isEqualTo(200);
    JsonNode created = kiosk.json().get("kiosk");
    assertThat(created.get("name").asText()).isEqualTo("Lobby kiosk");
    assertThat(created.get("site_id").asLong()).isEqualTo(siteId);
    String apiKey = created.get("api_key").asText();
    assertThat(apiKey).startsWith("fa_");
    // shown once: the list has no key
    JsonNode listed = nodeA.get("/api/admin/kiosks", admin).json().get("kiosks");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("api_key").isNull()).isTrue();

    RunningGateway.Reply punch = kioskPunch(apiKey, "people/scarlett_johansson/4.jpg", null);
    assertThat(punch.status()).as(punch.body()).isEqualTo(200);
    assertThat(punch.json().get("user").get("id").asLong()).isEqualTo(scarlett);
    assertThat(punch.json().get("action").asText()).isEqualTo("check_in");
    // the person's status says so
    String token = nodeA.login("scarlett_johansson", "scarlett_johansson-pass");
    assertThat(nodeA.get("/api/attendance/status", token).json().get("attendance_status").asText())
        .isEqualTo("checked_in");
    // next action is check_out; an explicit check_in now is refused by the day state
    assertError(
        kioskPunch(apiKey, "people/scarlett_johansson/5.jpg", "check_in"),
        409,
        "already_checked_in");
    // someone who is not a member of the kiosk's site
    assertError(kioskPunch(apiKey, "people/katy_perry/4.jpg", null), 403, "no_site_assigned");
    // wrong key
    assertError(
        kioskPunch("fa_not-a-real-key", "people/scarlett_johansson/4.jpg", null),
        401,
        "invalid_api_key");
    // revoked key
    long kioskId = created.get("id").asLong();
    assertThat(nodeA.postJson("/api/admin/kiosks/" + kioskId + "/revoke", "{}", admin).status())
        .isEqualTo(200);
    assertError(
        kioskPunch(apiKey, "people/scarlett_johansson/4.jpg", null), 401, "invalid_api_key");
  }

  private static RunningGateway.Reply kioskPunch(String apiKey, String photo, String action) {
    Multipart form = new Multipart().file("image", "face.jpg", SharedFaces.read(photo));
    if (action != null) {
      form.field("action", action);
    }
    return nodeA.send(
        HttpRequest.newBuilder(URI.create(nodeA.uri("/api/kiosk/punch").toString()))
            .header("Content-Type", form.contentType())
            .header("X-Api-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
            .build());
  }

  @Test
  @Order(5)
  void enrollingASecondAccountWithAnExistingFaceShowsAPossibleDuplicate() {
    long second = enrol("angelina_second", List.of("people/angelina_jolie/4.jpg"));
    RunningGateway.Reply pending = nodeA.get("/api/admin/enrollments?status=pending", admin);
    assertThat(pending.status()).as(pending.body()).isEqualTo(200);
    JsonNode item = null;
    for (JsonNode enrolment : pending.json().get("enrollments")) {
      if (enrolment.get("user_id").asLong() == second) {
        item = enrolment;
      }
    }
    assertThat(item).isNotNull();
    JsonNode duplicates = item.get("possible_duplicates");
    assertThat(duplicates).hasSize(1);
    assertThat(duplicates.get(0).get("user_id").asLong()).isEqualTo(USER_IDS.get("angelina_jolie"));
    assertThat(duplicates.get(0).get("name").asText()).isEqualTo("Name of angelina_jolie");
    assertThat(duplicates.get(0).get("similarity").asDouble()).isGreaterThan(0.36);

    // approval needs the explicit override, which is audited
    assertError(
        nodeA.postJson("/api/admin/users/" + second + "/approve", "{}", admin),
        409,
        "possible_duplicate");
    RunningGateway.Reply approved =
        nodeA.postJson(
            "/api/admin/users/" + second + "/approve", "{\"override_duplicates\":true}", admin);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(
            nodeA
                .platform
                .database()
                .dsl()
                .fetchCount(
                    AUDIT_LOG,
                    AUDIT_LOG
                        .ACTION
                        .eq("enrollment.approve")
                        .and(AUDIT_LOG.TARGET_ID.eq(String.valueOf(second)))))
        .isEqualTo(1);
    // two accounts with one face: identification refuses to guess between them (margin to the
    // second person)
    assertError(
        nodeA.postMultipart(
            "/api/auth/face-login", faceLoginForm("people/angelina_jolie/2.jpg"), null, null),
        401,
        "face_not_recognized");
  }

  @Test
  @Order(6)
  void approvedOnOneNodeRecognisedOnTheOtherWithinFiveSeconds() throws InterruptedException {
    long id = enrol("rose_leslie", List.of("people/rose_leslie/1.jpg"));
    assertError(
        nodeB.postMultipart(
            "/api/auth/face-login", faceLoginForm("people/rose_leslie/2.jpg"), null, null),
        401,
        "face_not_recognized");
    long approvedAt = System.nanoTime();
    assertThat(nodeA.postJson("/api/admin/users/" + id + "/approve", "{}", admin).status())
        .isEqualTo(200);
    // node B hears of it by NOTIFY (it polls only once a minute), without any request to it
    while (!nodeB.platform.gallerySync().index().contains(id)
        && System.nanoTime() - approvedAt < Duration.ofSeconds(5).toNanos()) {
      Thread.sleep(20);
    }
    assertThat(nodeB.platform.gallerySync().index().contains(id))
        .as("node B's index has the person")
        .isTrue();
    RunningGateway.Reply login =
        nodeB.postMultipart(
            "/api/auth/face-login", faceLoginForm("people/rose_leslie/2.jpg"), null, null);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    assertThat(login.json().get("user").get("id").asLong()).isEqualTo(id);
    assertThat(System.nanoTime() - approvedAt).isLessThan(Duration.ofSeconds(5).toNanos());

    // blocked on B: gone from A's index too
    assertThat(
            nodeB
                .postJson(
                    "/api/admin/users/" + id + "/block",
                    "{\"reason\":\"left\"}",
                    nodeB.login("boss", "boss-pass-123"))
                .status())
        .isEqualTo(200);
    long blockedAt = System.nanoTime();
    while (nodeA.platform.gallerySync().index().contains(id)
        && System.nanoTime() - blockedAt < Duration.ofSeconds(5).toNanos()) {
      Thread.sleep(20);
    }
    assertThat(nodeA.platform.gallerySync().index().contains(id)).isFalse();
  }

  @Test
  @Order(7)
  void faceLoginCanBeSwitchedOffForOnePerson() {
    long katy = USER_IDS.get("katy_perry");
    RunningGateway.Reply off =
        nodeA.put("/api/admin/users/" + katy + "/face-login", "{\"enabled\":false}", admin);
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    assertError(
        nodeA.postMultipart(
            "/api/auth/face-login", faceLoginForm("people/katy_perry/3.jpg"), null, null),
        403,
        "face_login_disabled");
    assertThat(
            nodeA
                .put("/api/admin/users/" + katy + "/face-login", "{\"enabled\":true}", admin)
                .status())
        .isEqualTo(200);
    assertThat(
            nodeA
                .postMultipart(
                    "/api/auth/face-login", faceLoginForm("people/katy_perry/3.jpg"), null, null)
                .status())
        .isEqualTo(200);
  }

  /** Sends the frames on one StreamVerify call with a camera key and returns every answer. */
  private static List<StreamVerifyResponse> stream(
      String apiKey, MatchTarget target, String... photos) throws Exception {
    FaceEngineServiceGrpc.FaceEngineServiceStub engine =
        GrpcClients.builder("http://127.0.0.1:" + nodeB.gateway.port())
            .addHeader("x-api-key", apiKey)
            .build(FaceEngineServiceGrpc.FaceEngineServiceStub.class);
    List<StreamVerifyResponse> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<StreamVerifyRequest> frames =
        engine.streamVerify(
            new StreamObserver<>() {
              @Override
              public void onNext(StreamVerifyResponse answer) {
                answers.add(answer);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    for (int i = 0; i < photos.length; i++) {
      StreamVerifyRequest.Builder frame =
          StreamVerifyRequest.newBuilder()
              .setImage(ByteString.copyFrom(SharedFaces.read(photos[i])));
      if (i == 0) {
        frame.setTarget(target).setRequiredFrames(2);
      }
      frames.onNext(frame.build());
    }
    frames.onCompleted();
    done.get(60, TimeUnit.SECONDS);
    return answers;
  }

  @Test
  @Order(8)
  void aStreamWithoutASubjectIdentifiesWhoStandsThere() throws Exception {
    RunningGateway.Reply key =
        nodeA.postJson(
            "/api/admin/api-keys", "{\"name\":\"Gate camera\",\"scopes\":[\"camera\"]}", admin);
    assertThat(key.status()).as(key.body()).isEqualTo(200);
    String apiKey = key.json().get("api_key").asText();
    MatchTarget identify = MatchTarget.newBuilder().setIdentify(true).build();

    // two frames of an enrolled person (neither used to enrol), on the other node
    List<StreamVerifyResponse> known =
        stream(apiKey, identify, "people/katy_perry/3.jpg", "people/katy_perry/4.jpg");
    StreamVerifyResponse last = known.get(known.size() - 1);
    assertThat(last.getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_IDENTIFIED);
    assertThat(last.getIdentifiedSubjectId()).isEqualTo(Long.toString(USER_IDS.get("katy_perry")));
    assertThat(last.getSimilarity()).isGreaterThan(0.5f);

    // a person never enrolled is nobody: no frame counts, no decision but not verified
    List<StreamVerifyResponse> stranger =
        stream(apiKey, identify, "people/elon_musk/1.jpg", "people/elon_musk/2.jpg");
    assertThat(stranger).allSatisfy(a -> assertThat(a.getIdentifiedSubjectId()).isEmpty());
    assertThat(stranger.get(stranger.size() - 1).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED);

    // two different people in a row are not one decision
    List<StreamVerifyResponse> mixed =
        stream(apiKey, identify, "people/katy_perry/3.jpg", "people/mark_zuckerberg/3.jpg");
    assertThat(mixed.get(1).getConsistentFrames()).isEqualTo(1);
    assertThat(mixed.get(mixed.size() - 1).getDecision())
        .isEqualTo(StreamVerifyDecision.STREAM_VERIFY_DECISION_NOT_VERIFIED);
  }
}
