/**
 * Image decoding and preparation for the models. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face.image;

import org.jspecify.annotations.NullMarked;
