package io.faceattend.server.absences;

import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.TestUsers;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who sees absence requests and their evidence, on a real PostgreSQL. */
class AbsencesTest {

  private static final byte[] PDF = "%PDF-1.4 sick note".getBytes(StandardCharsets.US_ASCII);
  private DSLContext db;
  private Absences absences;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    absences = new Absences(Store.of(db, new MutableClock(Instant.parse("2026-03-02T08:00:00Z"))));
  }

  private long user(String username, String role) {
    return TestUsers.insert(db, username, role);
  }

  @Test
  void anAdminSeesEveryonesRequestsAndOpensTheirEvidence() {
    Caller ana = new Caller(user("ana", "employee"), Role.ROLE_EMPLOYEE, null);
    Caller ben = new Caller(user("ben", "employee"), Role.ROLE_EMPLOYEE, null);
    Caller admin = new Caller(user("root", "admin"), Role.ROLE_ADMIN, null);
    long anaRequest = absences.submit(ana, "2026-03-09", "2026-03-10", "sick", "flu", PDF).getId();
    absences.submit(ben, "2026-03-11", "2026-03-11", "vacation", "trip", null);

    assertThat(absences.list(admin, "", 0, 0, 0).getResultsList()).hasSize(2);
    assertThat(absences.evidence(admin, anaRequest).getEvidence().toByteArray()).isEqualTo(PDF);
    // an employee still sees only their own
    assertThat(absences.list(ben, "", 0, 0, 0).getResultsList()).hasSize(1);
    assertCode(() -> absences.evidence(ben, anaRequest), ErrorCode.NOT_FOUND);
  }
}
