/**
 * Attendance days and the reports (and their totals) built from them. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.reports;

import org.jspecify.annotations.NullMarked;
