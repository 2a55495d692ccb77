/**
 * The non-JSON report export (CSV, XLSX, PDF) over the report stream. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.gateway.export;

import org.jspecify.annotations.NullMarked;
