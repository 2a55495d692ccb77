/**
 * Domain events: the transactional outbox, its dispatcher and the live feed. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.events;

import org.jspecify.annotations.NullMarked;
