package io.faceattend.server.sites;

import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.SITES;
import static io.faceattend.db.jooq.Tables.SITE_DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.SITE_MEMBERS;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Listing, changing, retiring sites and assigning groups to them; each change audited in its
 * transaction.
 */
public record SiteAdmin(Store store, Sites sites) {

  public List<Site> list() {
    return sites.active();
  }

  public Site create(Caller caller, Sites.NewSite site) {
    return store.transactionResult(
        tx -> {
          Site created = sites.create(tx, site);
          store.audit(tx, caller.actor(), "site.create", "site", created.id(), details(created));
          return created;
        });
  }

  public int addMembers(Caller caller, long siteId, List<Long> userIds) {
    return store.transactionResult(
        tx -> {
          int added = sites.addMembers(tx, siteId, userIds);
          store.audit(
              tx,
              caller.actor(),
              "site.add_members",
              "site",
              siteId,
              Map.of("user_ids", userIds.toString(), "added", added));
          return added;
        });
  }

  public Site update(Caller caller, long siteId, Sites.NewSite site) {
    return store.transactionResult(
        tx -> {
          Site updated = sites.update(tx, siteId, site);
          store.audit(tx, caller.actor(), "site.update", "site", siteId, details(updated));
          return updated;
        });
  }

  public void retire(Caller caller, long siteId) {
    store.transaction(
        tx -> {
          int changed =
              tx.update(SITES)
                  .set(SITES.ACTIVE, false)
                  .set(SITES.UPDATED_AT, DSL.currentOffsetDateTime())
                  .where(SITES.ID.eq(siteId))
                  .and(SITES.ACTIVE.isTrue())
                  .execute();
          if (changed == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
          }
          store.audit(tx, caller.actor(), "site.retire", "site", siteId, Map.of());
        });
  }

  /**
   * Links a group to a site: its members, now and later, belong to the site. Answers how many
   * active people the site gained. Assigning a group twice changes nothing.
   */
  public int assignDepartment(Caller caller, long siteId, long departmentId) {
    return store.transactionResult(
        tx -> {
          activeSite(tx, siteId);
          if (!tx.fetchExists(DEPARTMENTS, DEPARTMENTS.ID.eq(departmentId))) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "Department " + departmentId + " does not exist");
          }
          Condition gained =
              USERS
                  .DEPARTMENT_ID
                  .eq(departmentId)
                  .and(USERS.DEACTIVATED_AT.isNull())
                  .and(DSL.not(Sites.peopleOf(siteId, USERS.ID)));
          int added = tx.fetchCount(USERS, gained);
          tx.insertInto(SITE_DEPARTMENTS)
              .set(SITE_DEPARTMENTS.SITE_ID, siteId)
              .set(SITE_DEPARTMENTS.DEPARTMENT_ID, departmentId)
              .onConflictDoNothing()
              .execute();
          store.audit(
              tx,
              caller.actor(),
              "site.assign_department",
              "site",
              siteId,
              Map.of("department_id", departmentId, "added", added));
          return added;
        });
  }

  public void unassignDepartment(Caller caller, long siteId, long departmentId) {
    store.transaction(
        tx -> {
          int removed =
              tx.deleteFrom(SITE_DEPARTMENTS)
                  .where(SITE_DEPARTMENTS.SITE_ID.eq(siteId))
                  .and(SITE_DEPARTMENTS.DEPARTMENT_ID.eq(departmentId))
                  .execute();
          if (removed == 0) {
            throw new ApiException(
                ErrorCode.NOT_FOUND,
                "Department " + departmentId + " is not assigned to site " + siteId);
          }
          store.audit(
              tx,
              caller.actor(),
              "site.unassign_department",
              "site",
              siteId,
              Map.of("department_id", departmentId));
        });
  }

  /** Somebody who belongs to a site, directly and/or through an assigned group. */
  public record Member(
      long userId, String username, String name, boolean direct, Long viaDepartmentId) {}

  /** The site's groups and its active people, by name. */
  public record Members(List<Member> people, List<Long> departmentIds) {}

  public Members members(long siteId) {
    activeSite(store.db(), siteId);
    List<Long> groups =
        store
            .db()
            .select(SITE_DEPARTMENTS.DEPARTMENT_ID)
            .from(SITE_DEPARTMENTS)
            .where(SITE_DEPARTMENTS.SITE_ID.eq(siteId))
            .orderBy(SITE_DEPARTMENTS.DEPARTMENT_ID)
            .fetch(SITE_DEPARTMENTS.DEPARTMENT_ID);
    var direct =
        DSL.field(
            DSL.exists(
                DSL.selectOne()
                    .from(SITE_MEMBERS)
                    .where(SITE_MEMBERS.SITE_ID.eq(siteId))
                    .and(SITE_MEMBERS.USER_ID.eq(USERS.ID))));
    List<Member> people =
        store
            .db()
            .select(USERS.ID, USERS.USERNAME, USERS.NAME, USERS.DEPARTMENT_ID, direct)
            .from(USERS)
            .where(Sites.peopleOf(siteId, USERS.ID))
            .and(USERS.DEACTIVATED_AT.isNull())
            .orderBy(DSL.lower(USERS.NAME), USERS.ID)
            .fetch(
                row ->
                    new Member(
                        row.value1(),
                        row.value2(),
                        row.value3(),
                        row.value5(),
                        row.value4() != null && groups.contains(row.value4())
                            ? row.value4()
                            : null));
    return new Members(people, groups);
  }

  /**
   * Removes a direct member; conflict when they belong through an assigned group, which stays in
   * force.
   */
  public void removeMember(Caller caller, long siteId, long userId) {
    store.transaction(
        tx -> {
          activeSite(tx, siteId);
          int removed =
              tx.deleteFrom(SITE_MEMBERS)
                  .where(SITE_MEMBERS.SITE_ID.eq(siteId))
                  .and(SITE_MEMBERS.USER_ID.eq(userId))
                  .execute();
          if (tx.fetchExists(USERS, USERS.ID.eq(userId).and(Sites.peopleOf(siteId, USERS.ID)))) {
            throw new ApiException(
                ErrorCode.CONFLICT,
                "User "
                    + userId
                    + " belongs to the site through their group; unassign the group or move them to another one");
          }
          if (removed == 0) {
            throw new ApiException(
                ErrorCode.NOT_FOUND, "User " + userId + " is not a member of site " + siteId);
          }
          store.audit(
              tx, caller.actor(), "site.remove_member", "site", siteId, Map.of("user_id", userId));
        });
  }

  private static void activeSite(DSLContext tx, long siteId) {
    if (!tx.fetchExists(SITES, SITES.ID.eq(siteId).and(SITES.ACTIVE.isTrue()))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
    }
  }

  private static Map<String, Object> details(Site site) {
    return Map.of(
        "name",
        site.name(),
        "time_zone",
        site.timeZone().getId(),
        "geofence",
        site.geofence().getClass().getSimpleName().toLowerCase(Locale.ROOT));
  }
}
