package io.faceattend.server.sites;

import static io.faceattend.db.jooq.Tables.DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.SITES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.people.Caller;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Listing, changing, retiring sites and assigning groups to them; each change audited in its transaction. */
public final class SiteAdmin {

  private final DSLContext db;
  private final Sites sites;
  private final AuditLog audit;

  public SiteAdmin(DSLContext db, Sites sites, AuditLog audit) {
    this.db = db;
    this.sites = sites;
    this.audit = audit;
  }

  public List<Site> list() {
    return sites.active();
  }

  public Site update(Caller caller, long siteId, Sites.NewSite site) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      Site updated = sites.update(tx, siteId, site);
      audit.record(tx, caller.actor(), "site.update", "site", siteId, Map.of("name", updated.name(),
          "time_zone", updated.timeZone().getId(),
          "geofence", updated.geofence().getClass().getSimpleName().toLowerCase()));
      return updated;
    });
  }

  public void retire(Caller caller, long siteId) {
    db.transaction(config -> {
      DSLContext tx = DSL.using(config);
      int changed = tx.update(SITES).set(SITES.ACTIVE, false).set(SITES.UPDATED_AT, DSL.currentOffsetDateTime())
          .where(SITES.ID.eq(siteId)).and(SITES.ACTIVE.isTrue()).execute();
      if (changed == 0) {
        throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
      }
      audit.record(tx, caller.actor(), "site.retire", "site", siteId, Map.of());
    });
  }

  public int assignDepartment(Caller caller, long siteId, long departmentId) {
    return db.transactionResult(config -> {
      DSLContext tx = DSL.using(config);
      if (!tx.fetchExists(SITES, SITES.ID.eq(siteId).and(SITES.ACTIVE.isTrue()))) {
        throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
      }
      if (!tx.fetchExists(DEPARTMENTS, DEPARTMENTS.ID.eq(departmentId))) {
        throw new ApiException(ErrorCode.NOT_FOUND, "Department " + departmentId + " does not exist");
      }
      List<Long> members = tx.select(USERS.ID).from(USERS)
          .where(USERS.DEPARTMENT_ID.eq(departmentId)).and(USERS.DEACTIVATED_AT.isNull()).fetch(USERS.ID);
      int added = members.isEmpty() ? 0 : sites.addMembers(tx, siteId, members);
      audit.record(tx, caller.actor(), "site.assign_department", "site", siteId,
          Map.of("department_id", departmentId, "added", added));
      return added;
    });
  }
}
