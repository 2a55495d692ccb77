/**
 * The gRPC services: thin faces of the domain classes (requests in, messages out). Types are
 * non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.grpc;

import org.jspecify.annotations.NullMarked;
