/**
 * The pipeline stages from a photo to a template and its checks. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face.pipeline;

import org.jspecify.annotations.NullMarked;
