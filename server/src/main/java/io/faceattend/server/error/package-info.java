/**
 * Error codes, {@code ApiException}, and their one translation to gRPC statuses. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.error;

import org.jspecify.annotations.NullMarked;
