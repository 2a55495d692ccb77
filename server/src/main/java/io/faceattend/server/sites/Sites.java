package io.faceattend.server.sites;

import static io.faceattend.db.jooq.Tables.SITES;
import static io.faceattend.db.jooq.Tables.SITE_DEPARTMENTS;
import static io.faceattend.db.jooq.Tables.SITE_MEMBERS;
import static io.faceattend.db.jooq.Tables.USERS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceattend.db.jooq.tables.records.SitesRecord;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** Work sites, their geofences and who belongs to them. */
public record Sites(DSLContext db) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MAX_RADIUS_M = 50_000;

  /** What an admin gives to create a site: a circle (centre + radius) or a polygon. */
  public record NewSite(
      String name,
      String timeZone,
      Double centerLatitude,
      Double centerLongitude,
      Double radiusM,
      List<double[]> polygon) {}

  /** Validates and inserts a site in {@code tx}; returns it. */
  public Site create(DSLContext tx, NewSite site) {
    if (site.name() == null || site.name().isBlank()) {
      throw ApiException.missingField("name");
    }
    ZoneId zone = zone(site.timeZone());
    boolean circle = site.centerLatitude() != null || site.radiusM() != null;
    boolean polygon = site.polygon() != null && !site.polygon().isEmpty();
    if (circle == polygon) {
      throw ApiException.invalid(
          "Give either center + radius_m (a circle) or polygon (3 or more points)");
    }
    var insert =
        tx.insertInto(SITES).set(SITES.NAME, site.name().trim()).set(SITES.TIME_ZONE, zone.getId());
    SitesRecord row;
    if (circle) {
      if (site.centerLatitude() == null || site.centerLongitude() == null) {
        throw ApiException.missingField("center");
      }
      checkPoint(site.centerLatitude(), site.centerLongitude());
      if (site.radiusM() == null || !(site.radiusM() > 0) || site.radiusM() > MAX_RADIUS_M) {
        throw ApiException.invalid(
            "radius_m must be between 0 and " + (int) MAX_RADIUS_M + " metres");
      }
      row =
          insert
              .set(SITES.GEOFENCE_KIND, "circle")
              .set(SITES.CENTER_LATITUDE, site.centerLatitude())
              .set(SITES.CENTER_LONGITUDE, site.centerLongitude())
              .set(SITES.RADIUS_M, site.radiusM())
              .returning()
              .fetchSingle();
    } else {
      if (site.polygon().size() < 3) {
        throw ApiException.invalid("polygon needs at least 3 points");
      }
      site.polygon().forEach(p -> checkPoint(p[0], p[1]));
      row =
          insert
              .set(SITES.GEOFENCE_KIND, "polygon")
              .set(SITES.POLYGON, JSONB.valueOf(toJson(site.polygon())))
              .returning()
              .fetchSingle();
    }
    return toSite(row);
  }

  /**
   * Replaces an active site's name, time zone and geofence (validated as on creation) in {@code
   * tx}: the site keeps its id, members and punches.
   */
  public Site update(DSLContext tx, long siteId, NewSite site) {
    if (!tx.fetchExists(SITES, SITES.ID.eq(siteId).and(SITES.ACTIVE.isTrue()))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
    }
    // validate and build the new row exactly as create does, then copy it over the old one
    Site validated = create(tx, site);
    SitesRecord fresh = tx.selectFrom(SITES).where(SITES.ID.eq(validated.id())).fetchSingle();
    tx.update(SITES)
        .set(SITES.NAME, fresh.getName())
        .set(SITES.TIME_ZONE, fresh.getTimeZone())
        .set(SITES.GEOFENCE_KIND, fresh.getGeofenceKind())
        .set(SITES.CENTER_LATITUDE, fresh.getCenterLatitude())
        .set(SITES.CENTER_LONGITUDE, fresh.getCenterLongitude())
        .set(SITES.RADIUS_M, fresh.getRadiusM())
        .set(SITES.POLYGON, fresh.getPolygon())
        .set(SITES.UPDATED_AT, DSL.currentOffsetDateTime())
        .where(SITES.ID.eq(siteId))
        .execute();
    tx.deleteFrom(SITES).where(SITES.ID.eq(validated.id())).execute();
    return toSite(tx.selectFrom(SITES).where(SITES.ID.eq(siteId)).fetchSingle());
  }

  /** Active sites, by name. */
  public List<Site> active() {
    return db.selectFrom(SITES)
        .where(SITES.ACTIVE.isTrue())
        .orderBy(SITES.NAME, SITES.ID)
        .fetch(Sites::toSite);
  }

  /** Adds existing users to a site; returns how many were not members yet. */
  public int addMembers(DSLContext tx, long siteId, List<Long> userIds) {
    if (!tx.fetchExists(SITES, SITES.ID.eq(siteId))) {
      throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
    }
    if (userIds.isEmpty()) {
      throw ApiException.missingField("user_ids");
    }
    List<Long> unknown = new ArrayList<>(userIds);
    unknown.removeAll(tx.select(USERS.ID).from(USERS).where(USERS.ID.in(userIds)).fetch(USERS.ID));
    if (!unknown.isEmpty()) {
      throw new ApiException(ErrorCode.NOT_FOUND, "No such users: " + unknown);
    }
    int added = 0;
    for (long userId : userIds.stream().distinct().toList()) {
      added +=
          tx.insertInto(SITE_MEMBERS)
              .set(SITE_MEMBERS.SITE_ID, siteId)
              .set(SITE_MEMBERS.USER_ID, userId)
              .onConflictDoNothing()
              .execute();
    }
    return added;
  }

  /**
   * The active sites a user belongs to, directly or through their group, oldest first (the first
   * one gives the user's time zone).
   */
  public List<Site> ofUser(long userId) {
    return db.selectFrom(SITES)
        .where(SITES.ACTIVE.isTrue())
        .and(
            SITES
                .ID
                .in(
                    DSL.select(SITE_MEMBERS.SITE_ID)
                        .from(SITE_MEMBERS)
                        .where(SITE_MEMBERS.USER_ID.eq(userId)))
                .or(
                    SITES.ID.in(
                        DSL.select(SITE_DEPARTMENTS.SITE_ID)
                            .from(SITE_DEPARTMENTS)
                            .join(USERS)
                            .on(USERS.DEPARTMENT_ID.eq(SITE_DEPARTMENTS.DEPARTMENT_ID))
                            .where(USERS.ID.eq(userId)))))
        .orderBy(SITES.ID)
        .fetch(Sites::toSite);
  }

  /**
   * Condition on a user id field: the people of a site, its direct members and its assigned groups'
   * members.
   */
  public static Condition peopleOf(long siteId, Field<Long> userId) {
    return userId
        .in(
            DSL.select(SITE_MEMBERS.USER_ID)
                .from(SITE_MEMBERS)
                .where(SITE_MEMBERS.SITE_ID.eq(siteId)))
        .or(
            userId.in(
                DSL.select(USERS.ID)
                    .from(USERS)
                    .join(SITE_DEPARTMENTS)
                    .on(SITE_DEPARTMENTS.DEPARTMENT_ID.eq(USERS.DEPARTMENT_ID))
                    .where(SITE_DEPARTMENTS.SITE_ID.eq(siteId))));
  }

  static Site toSite(SitesRecord row) {
    Geofence geofence =
        "circle".equals(row.getGeofenceKind())
            ? new Geofence.Circle(
                row.getCenterLatitude(), row.getCenterLongitude(), row.getRadiusM())
            : new Geofence.Polygon(parsePolygon(row.getPolygon()));
    return new Site(row.getId(), row.getName(), ZoneId.of(row.getTimeZone()), geofence);
  }

  private static ZoneId zone(String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.missingField("time_zone");
    }
    try {
      return ZoneId.of(value.trim());
    } catch (DateTimeException e) {
      throw ApiException.invalid("time_zone must be an IANA zone such as Asia/Karachi");
    }
  }

  private static void checkPoint(double latitude, double longitude) {
    if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
      throw new ApiException(
          ErrorCode.INVALID_LOCATION, "Coordinates out of range: " + latitude + ", " + longitude);
    }
  }

  private static String toJson(List<double[]> points) {
    StringBuilder json = new StringBuilder("[");
    for (double[] p : points) {
      json.append(json.length() > 1 ? "," : "")
          .append('[')
          .append(p[0])
          .append(',')
          .append(p[1])
          .append(']');
    }
    return json.append(']').toString();
  }

  private static List<double[]> parsePolygon(JSONB polygon) {
    try {
      List<double[]> points = new ArrayList<>();
      for (JsonNode point : JSON.readTree(polygon.data())) {
        points.add(new double[] {point.get(0).asDouble(), point.get(1).asDouble()});
      }
      return points;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored polygon is not valid JSON", e);
    }
  }
}
