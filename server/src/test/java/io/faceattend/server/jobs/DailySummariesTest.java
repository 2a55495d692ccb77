package io.faceattend.server.jobs;

import static io.faceattend.db.jooq.Tables.OUTBOX_EVENTS;
import static io.faceattend.db.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.corrections.Corrections;
import io.faceattend.server.events.EventTypes;
import io.faceattend.server.events.Events;
import io.faceattend.server.notifications.MessageTemplates;
import io.faceattend.server.people.Departments;
import io.faceattend.server.reports.AttendanceDays;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The managers' daily summary: counted by the report rules, sent once, after its time. */
class DailySummariesTest {

  private DSLContext db;
  private MutableClock clock;
  private DailySummaries summaries;
  private long boss;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.reset();
    db.execute("truncate table outbox_events restart identity cascade");
    // Monday 2026-03-02, 17:00 UTC
    clock = new MutableClock(Instant.parse("2026-03-02T17:00:00Z"));
    AuditLog audit = new AuditLog();
    AttendanceDays days = new AttendanceDays(Store.of(db, clock), AttendanceDays.ExcusedDays.NONE);
    summaries =
        new DailySummaries(db, days, new Events(clock), clock, ZoneOffset.UTC, LocalTime.of(18, 0));
    Caller admin = new Caller(user("root", "admin", "Root"), Role.ROLE_ADMIN, null);
    boss = user("boss", "manager", "Boss");
    user("idle", "manager", "Manager of nothing");
    long ana = user("ana", "employee", "Ana");
    long ben = user("ben", "employee", "Ben");
    long cy = user("cy", "employee", "Cy");
    long dan = user("dan", "employee", "Dan");
    Departments departments = new Departments(new Store(db, audit, clock));
    long sales = departments.create(admin, "Sales", "department", "").getId();
    long ops = departments.create(admin, "Ops", "department", "").getId();
    departments.setManagers(admin, sales, List.of(boss));
    departments.addMembers(admin, sales, List.of(ana, ben, cy));
    departments.addMembers(admin, ops, List.of(dan));
    new Corrections(new Store(db, audit, clock))
        .correct(admin, ana, "2026-03-02", "check_in", "08:55", "UTC", "badge");
  }

  private long user(String username, String role, String name) {
    return db.insertInto(USERS)
        .set(USERS.USERNAME, username)
        .set(USERS.EMAIL, username + "@co.com")
        .set(USERS.NAME, name)
        .set(USERS.ROLE, role)
        .set(USERS.PASSWORD_HASH, "x")
        // joined before the day counted (nobody is absent before they joined)
        .set(USERS.CREATED_AT, java.time.OffsetDateTime.parse("2026-01-05T00:00:00Z"))
        .returning(USERS.ID)
        .fetchSingle()
        .getId();
  }

  private List<JsonNode> summaryEvents() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new java.util.ArrayList<>();
    for (var row :
        db.select(OUTBOX_EVENTS.DATA, OUTBOX_EVENTS.SUBJECT_USER_ID)
            .from(OUTBOX_EVENTS)
            .where(OUTBOX_EVENTS.EVENT_TYPE.eq(EventTypes.DAILY_SUMMARY))
            .fetch()) {
      assertThat(row.value2()).isEqualTo(boss);
      events.add(json.readTree(row.value1().data()));
    }
    return events;
  }

  @Test
  void sentOnceAfterItsTimeWithTheTeamsDay() throws Exception {
    assertThat(summaries.run()).isZero();
    assertThat(summaryEvents()).isEmpty();

    clock.advance(Duration.ofHours(1));
    // only managers of a group get one
    assertThat(summaries.run()).isOne();
    assertThat(summaries.run()).isZero();
    List<JsonNode> sent = summaryEvents();
    assertThat(sent).hasSize(1);
    JsonNode data = sent.get(0);
    assertThat(data.get("work_date").asText()).isEqualTo("2026-03-02");
    assertThat(data.get("present").asInt()).isEqualTo(1);
    assertThat(data.get("late").asInt()).isZero();
    assertThat(data.get("absent").asInt()).isEqualTo(2);
    assertThat(data.get("expected").asInt()).isEqualTo(3);
    assertThat(data.get("absent_names").asText()).isEqualTo("Ben, Cy");

    var mail = MessageTemplates.render(EventTypes.DAILY_SUMMARY, "en", "Boss", data).orElseThrow();
    assertThat(mail.subject()).isEqualTo("Attendance on 2026-03-02: 2 absent of 3");
    assertThat(mail.body()).contains("1 on time, 0 late, 2 absent").contains("Absent: Ben, Cy");

    // the next day has its own
    clock.advance(Duration.ofDays(1));
    assertThat(summaries.run()).isOne();
    assertThat(summaryEvents()).hasSize(2);
  }
}
