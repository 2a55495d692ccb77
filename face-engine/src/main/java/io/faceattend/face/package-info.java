/**
 * The face engine: detection, alignment, embedding, liveness and quality on ONNX Runtime. Types are
 * non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face;

import org.jspecify.annotations.NullMarked;
