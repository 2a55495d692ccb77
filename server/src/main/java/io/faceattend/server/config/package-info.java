/**
 * Server configuration from the environment, and secret files. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.config;

import org.jspecify.annotations.NullMarked;
