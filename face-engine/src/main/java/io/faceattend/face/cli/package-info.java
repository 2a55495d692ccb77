/**
 * The {@code face} command-line commands. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face.cli;

import org.jspecify.annotations.NullMarked;
