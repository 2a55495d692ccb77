/**
 * Shared kiosk devices that identify and punch for the people of a site. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.kiosks;

import org.jspecify.annotations.NullMarked;
