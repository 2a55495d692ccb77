package io.faceattend.server.people;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.USERS;
import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Person;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.users.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeopleTest {

  private DSLContext db;
  private People people;
  private Departments departments;
  private Caller admin;

  @BeforeEach
  void setUp() {
    db = TestDatabase.reset();
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    Store store = Store.of(db, clock);
    people = new People(store, new UserAccounts(store, new PasswordHasher()));
    departments = new Departments(Store.of(db, clock));
    long adminId =
        db.insertInto(USERS)
            .set(USERS.USERNAME, "root")
            .set(USERS.EMAIL, "root@co.com")
            .set(USERS.NAME, "Root Admin")
            .set(USERS.ROLE, "admin")
            .set(USERS.PASSWORD_HASH, "x")
            .returning(USERS.ID)
            .fetchSingle()
            .getId();
    admin = new Caller(adminId, Role.ROLE_ADMIN, "10.0.0.1");
  }

  private Person person(
      String username, String name, String role, Long department, String employeeId) {
    return people.create(
        admin,
        new People.NewPerson(
            username,
            "long-enough",
            new People.Profile(name, username + "@co.com", role, employeeId, department, 12.5)));
  }

  private People.Filter filter(
      String role, long department, String status, String search, int page, int size) {
    return new People.Filter(role, department, status, search, page, size);
  }

  @Test
  void deactivationPurgesThePendingEnrolmentAndReactivationUndoesIt() {
    Person ana = person("ana", "Ana Lopez", "employee", null, null);
    db.update(USERS)
        .set(USERS.STATUS, UserStatus.PENDING)
        .where(USERS.ID.eq(ana.getId()))
        .execute();
    long enrolment =
        db.insertInto(ENROLLMENTS)
            .set(ENROLLMENTS.USER_ID, ana.getId())
            .set(ENROLLMENTS.STATUS, EnrollmentStatus.PENDING)
            .set(ENROLLMENTS.PHOTO_CIPHERTEXT, new byte[] {1, 2, 3})
            .returning(ENROLLMENTS.ID)
            .fetchSingle()
            .getId();

    people.deactivate(admin, ana.getId());
    var purged = db.selectFrom(ENROLLMENTS).where(ENROLLMENTS.ID.eq(enrolment)).fetchSingle();
    assertThat(purged.getStatus()).isEqualTo(EnrollmentStatus.REJECTED);
    assertThat(purged.getPhotoCiphertext()).isNull();
    assertThat(db.fetchCount(ENROLLMENTS, ENROLLMENTS.STATUS.eq(EnrollmentStatus.PENDING)))
        .isZero();

    Person back = people.reactivate(admin, ana.getId());
    assertThat(back.getIsActive()).isTrue();
    assertThat(back.hasDeactivatedAt()).isFalse();
    assertThat(back.getStatus())
        .isEqualTo("first_login"); // enrols again: the pending photo is gone
    assertThat(
            db.fetchCount(
                AUDIT_LOG,
                AUDIT_LOG
                    .ACTION
                    .eq("user.reactivate")
                    .and(AUDIT_LOG.TARGET_ID.eq(Long.toString(ana.getId())))))
        .isEqualTo(1);
    assertCode(() -> people.reactivate(admin, ana.getId()), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void createReadUpdateDeactivateWithAuditTrail() {
    long sales = departments.create(admin, "Sales", "", null).getId();
    Person ana = person("ana", "Ana Lopez", "employee", sales, "EMP-001");
    assertThat(ana.getDepartment()).isEqualTo("Sales");
    assertThat(ana.getHourlyRate()).isEqualTo(12.5);
    assertThat(ana.getStatus()).isEqualTo("first_login");
    assertThat(ana.getIsActive()).isTrue();

    Person changed =
        people.update(
            admin,
            ana.getId(),
            new People.Profile("Ana María López", null, "manager", "", 0L, 20.0));
    assertThat(changed.getName()).isEqualTo("Ana María López");
    assertThat(changed.getRole()).isEqualTo("manager");
    assertThat(changed.hasEmployeeId()).isFalse();
    assertThat(changed.hasDepartmentId()).isFalse();
    assertThat(changed.getHourlyRate()).isEqualTo(20.0);

    people.deactivate(admin, ana.getId());
    assertThat(people.get(admin, ana.getId()).getIsActive()).isFalse();
    // soft: the row (and its history) stays, hidden from the default list, shown with
    // status=deactivated
    assertThat(people.list(admin, filter("", 0, "", "ana", 0, 0)).getCount()).isZero();
    assertThat(people.list(admin, filter("", 0, "deactivated", "", 0, 0)).getResultsList())
        .extracting(Person::getUsername)
        .containsExactly("ana");
    assertCode(
        () ->
            people.update(
                admin, ana.getId(), new People.Profile("X", null, null, null, null, null)),
        ErrorCode.NOT_FOUND);
    assertThat(
            db.select(AUDIT_LOG.ACTION)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.TARGET_TYPE.eq("user"))
                .orderBy(AUDIT_LOG.ID)
                .fetch(AUDIT_LOG.ACTION))
        .containsExactly("user.create", "user.update", "user.deactivate");
  }

  @Test
  void duplicatesAndInvalidInputAreRefused() {
    person("ana", "Ana", "employee", null, "E1");
    assertCode(() -> person("ANA", "Other", "employee", null, null), ErrorCode.USERNAME_TAKEN);
    assertCode(() -> person("bob", "Bob", "employee", null, "e1"), ErrorCode.CONFLICT);
    assertCode(() -> person("carl", "Carl", "boss", null, null), ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> person("dina", "Dina", "employee", 999L, null), ErrorCode.NOT_FOUND);
    assertCode(
        () ->
            people.create(
                admin,
                new People.NewPerson(
                    "eve",
                    "short",
                    new People.Profile("Eve", "eve@co.com", "employee", null, null, null))),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(db.fetchCount(USERS)).isEqualTo(2);
  }

  @Test
  void listFiltersSearchesAndPaginates() {
    long sales = departments.create(admin, "Sales", "department", null).getId();
    long cs101 = departments.create(admin, "CS 101", "course", "Intro").getId();
    for (int i = 1; i <= 25; i++) {
      person(
          String.format("emp%02d", i),
          String.format("Employee %02d", i),
          "employee",
          sales,
          "S" + i);
    }
    person("mgr", "Maria Manager", "manager", cs101, "M1");

    var firstPage = people.list(admin, filter("employee", 0, "", "", 0, 0));
    assertThat(firstPage.getCount()).isEqualTo(25);
    assertThat(firstPage.getPageSize()).isEqualTo(20);
    assertThat(firstPage.getResultsCount()).isEqualTo(20);
    var secondPage = people.list(admin, filter("employee", 0, "", "", 2, 20));
    assertThat(secondPage.getResultsList())
        .extracting(Person::getUsername)
        .containsExactly("emp21", "emp22", "emp23", "emp24", "emp25");
    assertThat(people.list(admin, filter("", 0, "", "", 1, 1000)).getPageSize()).isEqualTo(100);
    assertThat(people.list(admin, filter("", cs101, "", "", 0, 0)).getResultsList())
        .extracting(Person::getUsername)
        .containsExactly("mgr");
    // search: name, e-mail, employee id
    assertThat(people.list(admin, filter("", 0, "", "maria", 0, 0)).getCount()).isEqualTo(1);
    assertThat(people.list(admin, filter("", 0, "", "emp07@", 0, 0)).getCount()).isEqualTo(1);
    assertThat(people.list(admin, filter("", 0, "", "s1", 0, 0)).getCount())
        .isEqualTo(11); // S1, S10-S19
    assertThat(people.list(admin, filter("", 0, "", "%", 0, 0)).getCount()).isZero();
    assertThat(people.list(admin, filter("", 0, "first_login", "", 0, 0)).getCount())
        .isEqualTo(27); // with root
    assertCode(
        () -> people.list(admin, filter("", 0, "sleeping", "", 0, 0)), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aManagerSeesOnlyThePeopleOfTheGroupsTheyManage() {
    long sales = departments.create(admin, "Sales", "", null).getId();
    long ops = departments.create(admin, "Ops", "", null).getId();
    Person boss = person("boss", "Sales Boss", "manager", null, null);
    Person seller = person("seller", "Sam Seller", "employee", sales, null);
    Person operator = person("operator", "Olga Operator", "employee", ops, null);
    departments.setManagers(admin, sales, List.of(boss.getId()));
    Caller manager = new Caller(boss.getId(), Role.ROLE_MANAGER, null);

    assertThat(people.list(manager, filter("", 0, "", "", 0, 0)).getResultsList())
        .extracting(Person::getUsername)
        .containsExactly("seller");
    assertThat(people.get(manager, seller.getId()).getName()).isEqualTo("Sam Seller");
    assertCode(() -> people.get(manager, operator.getId()), ErrorCode.NOT_FOUND);
    assertThat(people.list(manager, filter("", ops, "", "", 0, 0)).getCount()).isZero();
    assertThat(departments.list(manager, "")).extracting(d -> d.getName()).containsExactly("Sales");
    assertCode(() -> departments.get(manager, ops), ErrorCode.NOT_FOUND);
    // an employee sees nobody even if a domain call slipped past the RPC's role check
    Caller employee = new Caller(seller.getId(), Role.ROLE_EMPLOYEE, null);
    assertThat(people.list(employee, filter("", 0, "", "", 0, 0)).getCount()).isZero();
    assertCode(() -> people.get(employee, seller.getId()), ErrorCode.NOT_FOUND);
  }

  @Test
  void departmentsManagersAndMembers() {
    var sales = departments.create(admin, "Sales", "department", "Selling things");
    assertCode(() -> departments.create(admin, "sales", "", null), ErrorCode.CONFLICT);
    assertCode(() -> departments.create(admin, "Gym", "club", null), ErrorCode.INVALID_ARGUMENT);
    Person worker = person("worker", "Wes Worker", "employee", null, null);
    Person boss = person("boss", "Bea Boss", "manager", null, null);
    assertCode(
        () -> departments.setManagers(admin, sales.getId(), List.of(worker.getId())),
        ErrorCode.INVALID_ARGUMENT);
    assertThat(
            departments
                .setManagers(admin, sales.getId(), List.of(boss.getId()))
                .getManagerIdsList())
        .containsExactly(boss.getId());
    assertThat(departments.addMembers(admin, sales.getId(), List.of(worker.getId(), boss.getId())))
        .isEqualTo(2);
    assertThat(departments.addMembers(admin, sales.getId(), List.of(worker.getId()))).isZero();
    assertThat(departments.get(admin, sales.getId()).getMemberCount()).isEqualTo(2);
    var renamed = departments.update(admin, sales.getId(), "Sales & Marketing", null, "");
    assertThat(renamed.getName()).isEqualTo("Sales & Marketing");
    assertThat(renamed.hasDescription()).isFalse();
    departments.delete(admin, sales.getId());
    assertThat(people.get(admin, worker.getId()).hasDepartmentId()).isFalse();
    assertCode(() -> departments.get(admin, sales.getId()), ErrorCode.NOT_FOUND);
  }

  @Test
  void csvImportIsAllOrNothingWithAReportPerRow() {
    departments.create(admin, "Sales", "", null);
    person("taken", "Already Here", "employee", null, "E-9");
    Store store = Store.of(db, Clock.systemUTC());
    UserImport importer = new UserImport(store, new UserAccounts(store, new PasswordHasher()));
    String bad =
        "username,email,name,role,employee_id,department,hourly_rate\n"
            + "ok1,ok1@co.com,Okay One,employee,E-1,Sales,10\n"
            + "taken,new@co.com,Dup Name,employee,,,\n"
            + "ok2,ok2@co.com,Okay Two,wizard,E-1,Nowhere,-3\n";
    var report = importer.importCsv(admin, bad.getBytes(StandardCharsets.UTF_8));
    assertThat(report.getTotal()).isEqualTo(3);
    assertThat(report.getImported()).isZero();
    assertThat(report.getFailed()).isEqualTo(2);
    assertThat(report.getRows(0).getOk()).isTrue();
    assertThat(report.getRows(1).getLine()).isEqualTo(3);
    assertThat(report.getRows(1).getErrorsList())
        .containsExactly("username 'taken' is already taken");
    assertThat(report.getRows(2).getErrorsList())
        .containsExactly(
            "role must be admin, manager or employee",
            "department 'Nowhere' does not exist",
            "hourly_rate must be between 0 and 1000000",
            "employee_id 'E-1' appears twice in the file");
    assertThat(db.fetchCount(USERS)).isEqualTo(2); // root and taken: nothing imported

    String good =
        "\uFEFFname,username,email,role,department,hourly_rate,password\r\n"
            + "\"Lopez, Ana\",ana,ana@co.com,employee,sales,12.5,secret-pass\r\n"
            + "Bo \"B\" Smith,bob,bob@co.com,manager,,,\r\n";
    var done = importer.importCsv(admin, good.getBytes(StandardCharsets.UTF_8));
    assertThat(done.getImported()).as(done.toString()).isEqualTo(2);
    var ana = people.list(admin, filter("", 0, "", "ana@co.com", 0, 0)).getResults(0);
    assertThat(ana.getName()).isEqualTo("Lopez, Ana");
    assertThat(ana.getDepartment()).isEqualTo("Sales");
    assertThat(ana.getHourlyRate()).isEqualTo(12.5);
    assertThat(
            new PasswordHasher()
                .verify(
                    "secret-pass",
                    db.select(USERS.PASSWORD_HASH)
                        .from(USERS)
                        .where(USERS.ID.eq(ana.getId()))
                        .fetchSingle()
                        .value1()))
        .isTrue();
    assertThat(people.list(admin, filter("", 0, "", "bob@co.com", 0, 0)).getResults(0).getName())
        .isEqualTo("Bo B Smith");
    assertCode(
        () -> importer.importCsv(admin, "username,email\n".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.INVALID_ARGUMENT);
  }
}
