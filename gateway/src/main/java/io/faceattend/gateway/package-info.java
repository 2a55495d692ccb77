/**
 * The single HTTP port: gRPC, gRPC-Web, REST, health, metrics, docs. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.gateway;

import org.jspecify.annotations.NullMarked;
