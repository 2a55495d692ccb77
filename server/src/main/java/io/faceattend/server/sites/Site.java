package io.faceattend.server.sites;

import java.time.ZoneId;

/** A work site: where (its geofence) and in which time zone its days run. */
public record Site(long id, String name, ZoneId timeZone, Geofence geofence) {}
