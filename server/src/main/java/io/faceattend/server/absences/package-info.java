/** Absence requests and their approval. Types are non-null unless annotated {@code @Nullable}. */
@NullMarked
package io.faceattend.server.absences;

import org.jspecify.annotations.NullMarked;
