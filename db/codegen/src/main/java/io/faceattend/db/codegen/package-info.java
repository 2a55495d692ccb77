/**
 * Build-time tool: applies the migrations to a throwaway PostgreSQL and runs jOOQ's generator.
 * Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.db.codegen;

import org.jspecify.annotations.NullMarked;
