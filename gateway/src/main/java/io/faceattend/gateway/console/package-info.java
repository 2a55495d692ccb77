/** Serves the built web console. Types are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.faceattend.gateway.console;

import org.jspecify.annotations.NullMarked;
