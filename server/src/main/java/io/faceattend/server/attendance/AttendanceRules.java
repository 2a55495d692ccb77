package io.faceattend.server.attendance;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Tunable rules of punching.
 *
 * @param defaultZone zone of users without a site
 * @param requireSite a user with no site may not punch (FACEATTEND_REQUIRE_SITE, default true)
 * @param maxAccuracyAllowanceM GPS accuracy the app reports widens the geofence by at most this
 *     many metres
 * @param offlineWindow how old a punch queued offline may be (its capture time)
 */
public record AttendanceRules(
    ZoneId defaultZone,
    boolean requireSite,
    double maxAccuracyAllowanceM,
    Duration offlineWindow) {}
