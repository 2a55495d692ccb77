/**
 * The face engine's gRPC service (StreamVerify included) and its error mapping. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.face.grpc;

import org.jspecify.annotations.NullMarked;
