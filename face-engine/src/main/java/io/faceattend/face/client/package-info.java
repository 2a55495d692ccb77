/**
 * Clients of the face engine: in this process, or remote engines balanced across. Types are
 * non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face.client;

import org.jspecify.annotations.NullMarked;
