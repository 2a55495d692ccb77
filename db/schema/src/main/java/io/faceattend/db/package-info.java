/**
 * The database: embedded or external PostgreSQL, the pool, migrations on open. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.db;

import org.jspecify.annotations.NullMarked;
