package io.faceattend.server.sites;

import static io.faceattend.db.jooq.Tables.SITES;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.Caller;
import io.faceattend.server.people.Departments;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

class SiteAdminTest {

  @Test
  void updateRetireAndAssignAGroup() {
    DSLContext db = TestDatabase.reset();
    Sites sites = new Sites(db);
    SiteAdmin admin = new SiteAdmin(db, sites, new AuditLog());
    Caller root = new Caller(db.insertInto(USERS).set(USERS.USERNAME, "root").set(USERS.EMAIL, "r@co.com")
        .set(USERS.NAME, "Root").set(USERS.ROLE, "admin").set(USERS.PASSWORD_HASH, "x").returning(USERS.ID)
        .fetchSingle().getId(), Role.ROLE_ADMIN, null);
    Site lab = sites.create(db, new Sites.NewSite("Lab", "UTC", 40.0, -3.0, 100.0, List.of()));
    Site changed = admin.update(root, lab.id(), new Sites.NewSite("Lab 2", "Europe/Madrid", null, null, null,
        List.of(new double[] {40, -3}, new double[] {40.001, -3}, new double[] {40.001, -3.001})));
    assertThat(changed.id()).isEqualTo(lab.id());
    assertThat(changed.name()).isEqualTo("Lab 2");
    assertThat(changed.geofence()).isInstanceOf(Geofence.Polygon.class);
    assertThat(db.fetchCount(SITES)).isEqualTo(1); // no stray row from the validation
    assertCode(() -> admin.update(root, lab.id(), new Sites.NewSite("Lab 3", "UTC", 40.0, -3.0, -5.0, List.of())),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(admin.list()).extracting(Site::name).containsExactly("Lab 2");

    Departments departments = new Departments(db, new AuditLog(), new MutableClock(Instant.EPOCH));
    long sales = departments.create(root, "Sales", "", null).getId();
    for (String name : List.of("a1", "a2")) {
      db.insertInto(USERS).set(USERS.USERNAME, name).set(USERS.EMAIL, name + "@co.com").set(USERS.NAME, name)
          .set(USERS.ROLE, "employee").set(USERS.PASSWORD_HASH, "x").set(USERS.DEPARTMENT_ID, sales).execute();
    }
    assertThat(admin.assignDepartment(root, lab.id(), sales)).isEqualTo(2);
    assertThat(admin.assignDepartment(root, lab.id(), sales)).isZero();
    assertCode(() -> admin.assignDepartment(root, lab.id(), 999), ErrorCode.NOT_FOUND);

    admin.retire(root, lab.id());
    assertThat(admin.list()).isEmpty();
    assertCode(() -> admin.retire(root, lab.id()), ErrorCode.NOT_FOUND);
    assertCode(() -> admin.update(root, lab.id(), new Sites.NewSite("X", "UTC", 40.0, -3.0, 50.0, List.of())),
        ErrorCode.NOT_FOUND);
  }
}
