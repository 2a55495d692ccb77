/**
 * Scheduled work (db-scheduler): daily summaries, missed check-ins, retention. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.jobs;

import org.jspecify.annotations.NullMarked;
