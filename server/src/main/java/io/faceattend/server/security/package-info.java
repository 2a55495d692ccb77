/** Sealing templates and photos at rest. Types are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.faceattend.server.security;

import org.jspecify.annotations.NullMarked;
