/**
 * Access logs, request ids, CORS and metrics of the gateway. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.gateway.observability;

import org.jspecify.annotations.NullMarked;
