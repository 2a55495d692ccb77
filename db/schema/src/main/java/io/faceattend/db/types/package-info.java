/**
 * Java enums for the text status columns; the jOOQ generator maps each column to its enum (forced
 * types in SchemaCodegen), so the generated tables read and write these instead of strings. The
 * stored and wire text stays the lower-case literal. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.db.types;

import org.jspecify.annotations.NullMarked;
