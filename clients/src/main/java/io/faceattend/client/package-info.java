/**
 * The Java client of the platform: token refresh, mobile calls, the frame stream. Types are
 * non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.client;

import org.jspecify.annotations.NullMarked;
