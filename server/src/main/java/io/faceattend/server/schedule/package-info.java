/**
 * Work schedules of people and departments. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.schedule;

import org.jspecify.annotations.NullMarked;
