/**
 * Attendance corrections requested and decided. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.corrections;

import org.jspecify.annotations.NullMarked;
