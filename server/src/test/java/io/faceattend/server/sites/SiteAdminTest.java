package io.faceattend.server.sites;

import static io.faceattend.db.jooq.Tables.SITES;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.jooq.Tables;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.Departments;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

class SiteAdminTest {

  @Test
  void updateRetireAndAssignAGroup() {
    DSLContext db = TestDatabase.reset();
    Sites sites = new Sites(db);
    SiteAdmin admin = new SiteAdmin(Store.of(db, Clock.systemUTC()), sites);
    Caller root =
        new Caller(
            db.insertInto(USERS)
                .set(USERS.USERNAME, "root")
                .set(USERS.EMAIL, "r@co.com")
                .set(USERS.NAME, "Root")
                .set(USERS.ROLE, "admin")
                .set(USERS.PASSWORD_HASH, "x")
                .returning(USERS.ID)
                .fetchSingle()
                .getId(),
            Role.ROLE_ADMIN,
            null);
    Site lab = sites.create(db, new Sites.NewSite("Lab", "UTC", 40.0, -3.0, 100.0, List.of()));
    Site changed =
        admin.update(
            root,
            lab.id(),
            new Sites.NewSite(
                "Lab 2",
                "Europe/Madrid",
                null,
                null,
                null,
                List.of(
                    new double[] {40, -3},
                    new double[] {40.001, -3},
                    new double[] {40.001, -3.001})));
    assertThat(changed.id()).isEqualTo(lab.id());
    assertThat(changed.name()).isEqualTo("Lab 2");
    assertThat(changed.geofence()).isInstanceOf(Geofence.Polygon.class);
    assertThat(db.fetchCount(SITES)).isEqualTo(1); // no stray row from the validation
    assertCode(
        () ->
            admin.update(
                root, lab.id(), new Sites.NewSite("Lab 3", "UTC", 40.0, -3.0, -5.0, List.of())),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(admin.list()).extracting(Site::name).containsExactly("Lab 2");

    Departments departments = new Departments(Store.of(db, new MutableClock(Instant.EPOCH)));
    long sales = departments.create(root, "Sales", "", null).getId();
    for (String name : List.of("a1", "a2")) {
      db.insertInto(USERS)
          .set(USERS.USERNAME, name)
          .set(USERS.EMAIL, name + "@co.com")
          .set(USERS.NAME, name)
          .set(USERS.ROLE, "employee")
          .set(USERS.PASSWORD_HASH, "x")
          .set(USERS.DEPARTMENT_ID, sales)
          .execute();
    }
    assertThat(admin.assignDepartment(root, lab.id(), sales)).isEqualTo(2);
    assertThat(admin.assignDepartment(root, lab.id(), sales)).isZero();
    assertCode(() -> admin.assignDepartment(root, lab.id(), 999), ErrorCode.NOT_FOUND);

    // the group is linked, not copied: somebody who joins Sales later belongs to the site too
    long a3 =
        db.insertInto(USERS)
            .set(USERS.USERNAME, "a3")
            .set(USERS.EMAIL, "a3@co.com")
            .set(USERS.NAME, "a3")
            .set(USERS.ROLE, "employee")
            .set(USERS.PASSWORD_HASH, "x")
            .set(USERS.DEPARTMENT_ID, sales)
            .returning(USERS.ID)
            .fetchSingle()
            .getId();
    assertThat(sites.ofUser(a3)).extracting(Site::id).containsExactly(lab.id());
    // a direct member too: root
    sites.addMembers(db, lab.id(), List.of(root.userId()));
    SiteAdmin.Members members = admin.members(lab.id());
    assertThat(members.departmentIds()).containsExactly(sales);
    assertThat(members.people())
        .extracting(SiteAdmin.Member::name)
        .containsExactly("a1", "a2", "a3", "Root");
    assertThat(members.people())
        .filteredOn(SiteAdmin.Member::direct)
        .extracting(SiteAdmin.Member::name)
        .containsExactly("Root");
    assertThat(members.people().get(2).viaDepartmentId()).isEqualTo(sales);
    // a3 belongs through Sales: not removable by hand; root is; a stranger is not a member
    assertCode(() -> admin.removeMember(root, lab.id(), a3), ErrorCode.CONFLICT);
    admin.removeMember(root, lab.id(), root.userId());
    assertThat(sites.ofUser(root.userId())).isEmpty();
    assertCode(() -> admin.removeMember(root, lab.id(), root.userId()), ErrorCode.NOT_FOUND);
    // leaving the group, or unassigning it, ends the membership
    db.update(USERS).set(USERS.DEPARTMENT_ID, (Long) null).where(USERS.ID.eq(a3)).execute();
    assertThat(sites.ofUser(a3)).isEmpty();
    admin.unassignDepartment(root, lab.id(), sales);
    assertThat(admin.members(lab.id()).people()).isEmpty();
    assertCode(() -> admin.unassignDepartment(root, lab.id(), sales), ErrorCode.NOT_FOUND);
    assertThat(
            db.fetchCount(
                Tables.AUDIT_LOG,
                Tables.AUDIT_LOG.ACTION.in(
                    "site.assign_department", "site.remove_member", "site.unassign_department")))
        .isEqualTo(4);

    admin.retire(root, lab.id());
    assertThat(admin.list()).isEmpty();
    assertCode(() -> admin.retire(root, lab.id()), ErrorCode.NOT_FOUND);
    assertCode(
        () ->
            admin.update(
                root, lab.id(), new Sites.NewSite("X", "UTC", 40.0, -3.0, 50.0, List.of())),
        ErrorCode.NOT_FOUND);
  }
}
