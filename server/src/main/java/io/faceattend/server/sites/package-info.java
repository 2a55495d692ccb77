/** Sites, geofences and site membership. Types are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.faceattend.server.sites;

import org.jspecify.annotations.NullMarked;
