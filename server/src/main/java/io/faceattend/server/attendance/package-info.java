/**
 * Today's status, punches (check-in/out) and history. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.attendance;

import org.jspecify.annotations.NullMarked;
