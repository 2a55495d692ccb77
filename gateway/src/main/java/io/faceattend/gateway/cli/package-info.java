/** The {@code faceattend} command line. Types are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.faceattend.gateway.cli;

import org.jspecify.annotations.NullMarked;
