/** Holidays. Types are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.faceattend.server.holidays;

import org.jspecify.annotations.NullMarked;
