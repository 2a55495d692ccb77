/**
 * The ONNX models: fetching, verifying, loading, running. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face.model;

import org.jspecify.annotations.NullMarked;
