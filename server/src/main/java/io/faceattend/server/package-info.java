/**
 * The server assembled: database, face engine, domain classes and gRPC services. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server;

import org.jspecify.annotations.NullMarked;
